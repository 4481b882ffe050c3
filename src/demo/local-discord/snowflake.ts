// Discord ids: milliseconds since the Discord epoch in the top 42 bits, so
// discord.js can derive createdTimestamp from any id we hand out.
const DISCORD_EPOCH = 1_420_070_400_000n;

let last = 0n;

/** A new snowflake, strictly greater than every earlier one in this process. */
export function snowflake(): string {
  let id = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
  if (id <= last) id = last + 1n;
  last = id;
  return id.toString();
}
