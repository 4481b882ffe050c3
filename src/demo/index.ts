// The offline demo: the real bot against the local Discord on 127.0.0.1, a sample squad,
// and a short coach-and-athletes script printed as a transcript. No token, no network.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIEmbed, APIUser } from 'discord.js';
import { buttonsIn, LocalDiscord, type InteractionResult, type LocalMessage } from './local-discord';
import { buildTeamServer } from './world';
import { startBot } from '../bot';
import { ManualClock } from '../clock';
import { openDatabase } from '../db/database';
import { silentLogger } from '../logger';

const width = Math.min(process.stdout.columns || 100, 110);
const rule = (title: string) => `\n${'─'.repeat(3)} ${title} ${'─'.repeat(Math.max(3, width - title.length - 5))}`;

function indent(text: string, prefix = '    '): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

function embedText(e: APIEmbed): string {
  const lines = [
    e.title ? `▌ ${e.title}` : null,
    e.description ?? null,
    ...(e.fields ?? []).map((f) => `• ${f.name}\n${indent(f.value, '  ')}`),
    e.footer ? `(${e.footer.text})` : null,
  ];
  return lines.filter(Boolean).join('\n');
}

function messageText(m: LocalMessage | undefined): string {
  if (!m) return '(no answer)';
  const buttons = buttonsIn(m).map((b) => `[${b.label}]`);
  const files = m.attachments.map((a) => `📎 ${a.filename} (${Math.round(a.size / 1024)} KB)`);
  return [m.content, ...m.embeds.map(embedText), buttons.join(' '), ...files].filter(Boolean).join('\n');
}

export async function runDemo(out: (line: string) => void = (line) => console.log(line)): Promise<void> {
  const discord = await LocalDiscord.start();
  const dir = mkdtempSync(join(tmpdir(), 'backline-demo-'));
  // A fixed Monday morning in London, so the demo reads the same every time.
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const bot = await startBot({
    token: discord.token,
    db: openDatabase(join(dir, 'demo.db')),
    clock,
    logger: silentLogger,
    apiUrl: discord.apiUrl,
    // The script moves the clock and ticks the scheduler itself.
    startScheduler: false,
    deliverInTick: true,
    clientOptions: {
      ws: { buildIdentifyThrottler: () => Promise.resolve({ waitForIdentify: () => Promise.resolve() }) },
      waitGuildTimeout: 100,
    },
  });
  const names = new Map<string, string>();
  const team = buildTeamServer(discord, { name: 'Harbour RFC', coachName: 'Coach Kim', athletes: ['Ana', 'Ben', 'Cal'] });
  for (const u of [team.owner, team.coach, ...team.athletes]) names.set(u.id, u.global_name ?? u.username);
  const [ana, ben, cal] = team.athletes as [APIUser, APIUser, APIUser];
  const who = (text: string) =>
    text
      .replace(/<@!?(\d+)>/g, (_m, id: string) => `@${names.get(id) ?? id}`)
      .replace(/<#(\d+)>/g, '#channel')
      .replace(/<@&(\d+)>/g, '@Coach');

  const say = (speaker: string, where: string, text: string) => out(`\n${speaker} ${where}\n${indent(who(text))}`);
  const answer = (r: InteractionResult) => say('  Backline', r.ephemeral ? '(only they can see this)' : '', messageText(r.response()));
  const command = async (user: APIUser, name: string, options: Record<string, string | number> = {}, subcommand?: string) => {
    const shown = Object.entries(options)
      .map(
        ([k, v]) =>
          `${k}:${names.has(String(v)) ? `@${names.get(String(v))}` : v === team.coachRoleId ? '@Coach' : [team.staffChannelId, team.fallbackChannelId].includes(String(v)) ? '#channel' : v}`,
      )
      .join(' ');
    say(names.get(user.id)!, 'in #general', `/${name}${subcommand ? ` ${subcommand}` : ''} ${shown}`);
    const result = await discord.slashCommand({
      guildId: team.guildId,
      channelId: team.generalChannelId,
      userId: user.id,
      name,
      subcommand,
      options,
    });
    await result.settled();
    answer(result);
    return result;
  };
  // A session card is the DM with "Log session" on it (the welcome and consent DMs come first).
  const sessionCard = (m: LocalMessage) => buttonsIn(m).some((b) => b.label === 'Log session');
  const dmFromBot = async (user: APIUser, match: (m: LocalMessage) => boolean = () => true, o: { brief?: boolean } = {}) => {
    const m = await discord.waitForDM(user.id, (msg) => msg.author.bot === true && match(msg));
    const full = messageText(m);
    say(`  Backline → DM to ${names.get(user.id)}`, '', o.brief ? `${full.split('\n')[0]}\n(the same session card as Ana's)` : full);
    return m;
  };

  try {
    out(rule('Backline offline demo: the real bot against a local Discord on 127.0.0.1'));
    out('Harbour RFC: Coach Kim and three athletes. Monday 23 November 2026, 09:00 in London.');

    out(rule('Setting up'));
    await command(team.owner, 'setup', {
      timezone: 'Europe/London',
      coach_role: team.coachRoleId,
      staff_channel: team.staffChannelId,
      fallback_channel: team.fallbackChannelId,
    });
    await command(team.coach, 'squad', { athlete: ana.id, group: 'sprinters' }, 'add');
    await command(team.coach, 'squad', { athlete: ben.id, group: 'sprinters' }, 'add');
    await command(team.coach, 'squad', { athlete: cal.id, group: 'backs' }, 'add');
    discord.closeDMs(cal.id);
    out('\n(Cal has DMs from server members turned off.)');

    out(rule('Athletes choose whether Backline may store what they report'));
    for (const [athlete, choice] of [
      [ana, 0],
      [ben, 0],
      [cal, 1],
    ] as const) {
      const asked = await command(athlete, 'privacy', {}, 'consent');
      const button = buttonsIn(asked.response())[choice]!;
      say(names.get(athlete.id)!, '', `[${button.label}]`);
      answer(await discord.clickButton({ userId: athlete.id, messageId: asked.response()!.id, customId: button.customId }));
    }

    out(rule('A non-coach tries to assign'));
    await command(ana, 'assign', { session: 'glute-ham-emphasis' });

    out(rule('Coach assigns the glute/hamstring day to the sprinters, and mobility to everyone'));
    await command(team.coach, 'assign', {
      session: 'glute-ham-emphasis',
      group: 'sprinters',
      time: '17:30',
      note: 'Film one set of RDLs for me',
    });
    const anaSession = await dmFromBot(ana, sessionCard);
    await command(team.coach, 'assign', { session: 'mobility-day', date: 'tomorrow' });
    const ping = await discord.waitForMessage((m) => m.channel_id === team.fallbackChannelId);
    say('  Backline in #training', '', messageText(ping));

    out(rule('Ana trains, taps "Log session" and fills in the form'));
    const opened = await discord.clickButton({ userId: ana.id, messageId: anaSession.id, customId: buttonsIn(anaSession)[0]!.customId });
    say('Ana', '(form)', `${opened.modal?.title}: RPE 11, 50 min, pain 1`);
    const wrong = await discord.submitModal({
      userId: ana.id,
      customId: opened.modal!.custom_id,
      fields: { rpe: '11', minutes: '50', pain: '1', area: '', note: '' },
    });
    await wrong.settled();
    answer(wrong);
    say('Ana', '(form, again)', 'RPE 7, 50 min, pain 1, note "RDLs moved well"');
    const right = await discord.submitModal({
      userId: ana.id,
      customId: opened.modal!.custom_id,
      fields: { rpe: '7', minutes: '50', pain: '1', area: '', note: 'RDLs moved well' },
    });
    await right.settled();
    answer(right);

    out(rule('Ben just replies to the DM'));
    await dmFromBot(ben, sessionCard, { brief: true });
    say('Ben', 'in DM', '8 45');
    discord.sendUserMessage({ userId: ben.id, content: '8 45' });
    await dmFromBot(ben, (m) => m.content.includes('Was 8 your effort'));
    say('Ben', 'in DM', 'rpe 8 pain 6 hamstring 45min');
    discord.sendUserMessage({ userId: ben.id, content: 'rpe 8 pain 6 hamstring 45min' });
    await dmFromBot(ben, (m) => m.content.includes('Logged'));
    const flag = await discord.waitForMessage((m) => m.channel_id === team.staffChannelId);
    say('  Backline in #staff-room', '(private to coaches)', messageText(flag));

    out(rule("Cal checks what's waiting"));
    await command(cal, 'today');

    // Everything the bot posts from here on comes from the scheduler as the clock moves.
    const channels = () => [
      team.staffChannelId,
      team.fallbackChannelId,
      ...team.athletes.map((a) => discord.dmChannelOf(a.id)).filter((c): c is string => !!c),
    ];
    const seen = new Set(channels().flatMap((c) => discord.messagesIn(c).map((m) => m.id)));
    const where = (m: LocalMessage) =>
      m.channel_id === team.staffChannelId
        ? 'in #staff-room (private to coaches)'
        : m.channel_id === team.fallbackChannelId
          ? 'in #training'
          : `→ DM to ${names.get(team.athletes.find((a) => discord.dmChannelOf(a.id) === m.channel_id)?.id ?? '') ?? '?'}`;
    const showNew = (o: { brief?: boolean } = {}) => {
      const fresh = channels()
        .flatMap((c) => discord.messagesIn(c))
        .filter((m) => m.author.bot && !seen.has(m.id))
        .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
      for (const m of fresh) {
        seen.add(m.id);
        const full = messageText(m);
        const short =
          o.brief && m.embeds.length > 0 && m.channel_id !== team.staffChannelId
            ? `${full.split('\n')[0]}\n(session card with Log buttons)`
            : full;
        say(`  Backline ${where(m)}`, '', short);
      }
    };
    const advanceTo = async (iso: string) => {
      const end = new Date(iso).getTime();
      while (clock.now().getTime() < end) {
        clock.set(new Date(Math.min(end, clock.now().getTime() + 30 * 60_000)));
        await bot.scheduler.tick();
      }
    };

    out(rule('Coach starts the Nordic hamstring protocol for the sprinters'));
    await command(
      team.coach,
      'program',
      { program: 'nordic-protocol', group: 'sprinters', start: '2026-11-30', days: 'mon,wed,fri' },
      'start',
    );
    showNew({ brief: true });

    out(rule('Tuesday 08:00: the scheduler sends the morning messages'));
    await advanceTo('2026-11-24T08:00:00Z');
    showNew({ brief: true });

    out(rule('Ben answers: the pain has not settled'));
    const question = discord.dmsTo(ben.id).find((m) => m.content.includes('Has it settled'));
    const notSettled = buttonsIn(question).find((b) => b.customId.endsWith(':no'));
    // The script is the README's first command: a missing beat is a failure, not a skipped scene.
    if (!question || !notSettled) throw new Error("demo: Ben's pain follow-up question did not arrive");
    {
      say('Ben', 'taps', `[${notSettled.label}]`);
      const answered = await discord.clickButton({ userId: ben.id, messageId: question.id, customId: notSettled.customId });
      await answered.settled();
      answer(answered);
      await discord.waitForMessage(
        (m) => m.channel_id === team.staffChannelId && buttonsIn(m).some((b) => b.customId.startsWith('painundo:')),
      );
      await new Promise((resolve) => setImmediate(resolve));
      showNew();
    }

    out(rule("Monday 30 November 08:00: last week's digest for staff, and week 1 of the program"));
    await advanceTo('2026-11-30T08:00:00Z');
    showNew({ brief: true });

    out(rule('Ana looks at her own figures'));
    await command(ana, 'me', { weeks: 4 });

    out(rule('Done'));
    out("Everything above went through the real discord.js client, the bot's SQLite database and the local Discord.");
  } finally {
    await bot.stop();
    await discord.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runDemo().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
