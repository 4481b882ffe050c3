/**
 * The one packer for everything the bot says: content, embeds and lists are made to fit
 * Discord's limits (https://discord.com/developers/docs/resources/message#create-message,
 * embed limits) before they are sent, so no reply is rejected for its size.
 */
import type { APIEmbed } from 'discord.js';

export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  embedTotal: 6000,
  filesPerMessage: 10,
} as const;

const ELLIPSIS = '…';

/** Code points, not UTF-16 units, so an emoji is never cut in half. */
function clipChars(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - 1)).join('') + ELLIPSIS;
}

/** Discord counts UTF-16 code units; cut on code points and keep within the unit count. */
function fitUnits(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return out + ELLIPSIS;
}

/** Text within `max`, cut at a line end when one is near, with "…" where it was cut. */
export function fitContent(text: string, max: number = DISCORD_LIMITS.content): string {
  if (text.length <= max) return text;
  const cut = fitUnits(text, max);
  const lastBreak = cut.lastIndexOf('\n');
  return lastBreak > max * 0.6 ? `${cut.slice(0, lastBreak)}\n${ELLIPSIS}` : cut;
}

/** Something a user typed, echoed back: one line, at most `max` characters, mentions defused. */
export function echoUserText(text: string, max = 100): string {
  const oneLine = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/@(everyone|here)/g, '@\u200b$1');
  return clipChars(oneLine, max);
}

/**
 * Items joined by `separator` within `max` characters: as many as fit, then "and N more".
 * `more` words the rest (default "and N more").
 */
export function listWithMore(
  items: readonly string[],
  max: number,
  opts: { separator?: string; more?: (n: number) => string } = {},
): string {
  const separator = opts.separator ?? ', ';
  const more = opts.more ?? ((n: number) => `and ${n} more`);
  const all = items.join(separator);
  if (all.length <= max) return all;
  const shown: string[] = [];
  let length = 0;
  for (const [i, item] of items.entries()) {
    const rest = items.length - i - 1;
    const tail = rest > 0 ? separator + more(rest) : '';
    const add = (shown.length ? separator.length : 0) + item.length;
    // Room for this item and the "and N more" that would follow it.
    if (length + add + tail.length > max) break;
    shown.push(item);
    length += add;
  }
  const hidden = items.length - shown.length;
  const tail = more(hidden);
  return shown.length ? `${shown.join(separator)}${separator}${tail}` : fitUnits(tail, max);
}

/** Lines packed into as few chunks of at most `max` characters as keep lines whole (a too-long line is cut). */
export function chunkLines(lines: readonly string[], max: number = DISCORD_LIMITS.fieldValue): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = fitUnits(raw, max);
    if (current && current.length + 1 + line.length > max) {
      chunks.push(current);
      current = line;
    } else {
      current = current ? `${current}\n${line}` : line;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

/** The characters Discord counts towards an embed's 6,000. */
export function embedLength(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** One embed within every per-field limit and the 6,000 total (fields past a limit are dropped and counted). */
export function fitEmbed(e: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...e };
  if (out.title !== undefined) out.title = fitUnits(out.title, DISCORD_LIMITS.embedTitle);
  if (out.description !== undefined) out.description = fitContent(out.description, DISCORD_LIMITS.embedDescription);
  if (out.footer) out.footer = { ...out.footer, text: fitUnits(out.footer.text, DISCORD_LIMITS.footer) };
  if (out.author) out.author = { ...out.author, name: fitUnits(out.author.name, DISCORD_LIMITS.author) };
  if (out.fields) {
    let fields = out.fields.map((f) => ({
      ...f,
      name: fitUnits(f.name || '\u200b', DISCORD_LIMITS.fieldName),
      value: fitContent(f.value || '\u200b', DISCORD_LIMITS.fieldValue),
    }));
    let dropped = 0;
    const withMore = () => (dropped ? [...fields, { name: '\u200b', value: `and ${dropped} more not shown` }] : fields);
    if (fields.length > DISCORD_LIMITS.fields) {
      dropped = fields.length - (DISCORD_LIMITS.fields - 1);
      fields = fields.slice(0, DISCORD_LIMITS.fields - 1);
    }
    out.fields = withMore();
    // Over the total: drop fields from the end, still counted, so the embed never hides that some are missing.
    while (embedLength(out) > DISCORD_LIMITS.embedTotal && fields.length > 0) {
      fields = fields.slice(0, -1);
      dropped++;
      out.fields = withMore();
    }
  }
  // Still over the total: shorten the description.
  if (embedLength(out) > DISCORD_LIMITS.embedTotal && out.description) {
    const room = DISCORD_LIMITS.embedTotal - (embedLength(out) - out.description.length);
    out.description = fitContent(out.description, Math.max(1, room));
  }
  return out;
}

/** Embeds for one message: each fitted, at most 10, and together within 6,000 characters (the rest dropped). */
export function fitEmbeds(embeds: readonly APIEmbed[]): APIEmbed[] {
  const out: APIEmbed[] = [];
  let total = 0;
  for (const e of embeds.slice(0, DISCORD_LIMITS.embeds)) {
    const fitted = fitEmbed(e);
    const length = embedLength(fitted);
    if (total + length > DISCORD_LIMITS.embedTotal) break;
    out.push(fitted);
    total += length;
  }
  return out;
}
