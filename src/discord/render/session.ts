import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import { CHECKIN_LIMITS, NOTE_MAX_LENGTH, rangeText } from '../../domain/checkin';
import type { PrescribedItem, Prescription } from '../../domain/library/schema';
import { formatLocalDate, localTimeOf } from '../../domain/time';
import type { Assignment } from '../../repositories/assignments';
import type { Team } from '../../repositories/teams';
import { customIds, formFields } from '../customIds';

export const BRAND_COLOUR = 0x2f6f4f;

const UNIT_LABEL: Record<PrescribedItem['unit'], string> = {
  reps: 'reps',
  reps_each_side: 'reps each side',
  seconds: 's',
  seconds_each_side: 's each side',
  metres: 'm',
  breaths: 'breaths',
};

function range(r: { min: number; max: number }): string {
  return r.min === r.max ? String(r.min) : `${r.min}-${r.max}`;
}

/** "4 × 5-6 reps @ 1-2 RIR" */
export function formatDose(item: PrescribedItem): string {
  const dose = `${item.sets} × ${range(item.reps)} ${UNIT_LABEL[item.unit]}`;
  return item.rir ? `${dose} @ ${range(item.rir)} RIR` : dose;
}

function restText(seconds: number): string {
  return seconds >= 120 ? `${Math.round(seconds / 60)} min` : `${seconds} s`;
}

/** The details after the dose: tempo and rest. */
function details(item: PrescribedItem): string {
  return [item.tempo ? `tempo ${item.tempo}` : null, item.restSeconds ? `rest ${restText(item.restSeconds)}` : null]
    .filter(Boolean)
    .join(' · ');
}

/** Full detail for /library: details, note and every cue. */
export function exerciseLines(item: PrescribedItem): string {
  const extra = [details(item), item.note ?? null].filter(Boolean);
  return [extra.length ? `*${extra.join(' · ')}*` : null, ...item.cues.map((c) => `• ${c}`)].filter(Boolean).join('\n');
}

const ROLE_LABEL: Record<PrescribedItem['role'], string> = {
  warmup: 'Warm-up',
  main: 'Main lift',
  secondary: 'Secondary',
  accessory: 'Accessories',
  finisher: 'Finisher',
  mobility: 'Mobility',
  assessment: 'Tests',
};

/**
 * One line legend for the notation used in this prescription (RIR and tempo), or null if
 * neither appears. Tempo is eccentric-pause-concentric-pause in seconds.
 */
export function legendLine(p: Prescription): string | null {
  const parts: string[] = [];
  if (p.exercises.some((e) => e.rir)) parts.push('RIR = reps in reserve: stop with that many reps left');
  const tempo = p.exercises.find((e) => e.tempo)?.tempo;
  if (tempo) {
    const [down, bottom, up, top] = tempo.split('-');
    parts.push(`tempo ${tempo} = ${down} s down, ${bottom} s pause, ${up} s up, ${top} s at the top`);
  }
  return parts.length ? `-# ${parts.join(' · ')}` : null;
}

/**
 * The prescription as one field per block (warm-up, main lift, ...), in session order.
 * 'card' (the DM an athlete trains from on a phone): each exercise is its dose on one line,
 * then one cue (the note instead, when the coach or programme gave one). 'full' (/library):
 * every cue.
 */
export function prescriptionFields(p: Prescription, mode: 'card' | 'full' = 'full'): { name: string; value: string }[] {
  const blocks: { role: PrescribedItem['role']; items: PrescribedItem[] }[] = [];
  for (const item of p.exercises) {
    const last = blocks.at(-1);
    if (last && last.role === item.role) last.items.push(item);
    else blocks.push({ role: item.role, items: [item] });
  }
  return blocks.slice(0, 25).map(({ role, items }) => {
    const lines = items.map((item) => {
      const head = `**${item.name}** ${formatDose(item)}${details(item) ? ` · ${details(item)}` : ''}`;
      if (mode === 'full') return [head, exerciseLines({ ...item, tempo: undefined, restSeconds: undefined })].filter(Boolean).join('\n');
      const tip = item.note ?? item.cues[0];
      return tip ? `${head}\n↳ ${tip}` : head;
    });
    return { name: ROLE_LABEL[role], value: (lines.join('\n') || '—').slice(0, 1024) };
  });
}

export function sessionEmbed(team: Team, a: Assignment): EmbedBuilder {
  const adjusted =
    a.prescription.adjustment === 'regressed'
      ? '\n⬇️ **Regressed**: simpler variations at a lighter load after your pain report.'
      : a.prescription.adjustment === 'deload'
        ? '\n🔋 **Deload week**: fewer sets, more reps in reserve, same exercises.'
        : '';
  return new EmbedBuilder()
    .setColor(BRAND_COLOUR)
    .setTitle(`${a.title} — ${formatLocalDate(a.sessionDate)}`)
    .setDescription(
      [
        `${localTimeOf(new Date(a.plannedStartAt), team.timeZone)} (${team.timeZone}), about ${a.plannedMinutes} min.${adjusted}`,
        a.note ? `**Coach's note:** ${a.note}` : null,
        legendLine(a.prescription),
      ]
        .filter(Boolean)
        .join('\n'),
    )
    .addFields(prescriptionFields(a.prescription, 'card'))
    .setFooter({ text: 'Afterwards: tap Log session, or reply with RPE, pain and minutes (e.g. 7 2 45).' });
}

export function sessionButtons(assignmentId: number): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(customIds.logButton.encode({ assignmentId, retry: false }))
      .setLabel('Log session')
      .setStyle(ButtonStyle.Success),
    new ButtonBuilder()
      .setCustomId(customIds.missButton.encode({ assignmentId }))
      .setLabel("Couldn't train")
      .setStyle(ButtonStyle.Secondary),
  );
}

/**
 * The session card as it should look now: open sessions carry Log / Couldn't train; a logged
 * one says so (to its own athlete only) and carries only Edit, which opens the form with what
 * was logged and shows before and after (a correction, never a silent replacement).
 */
export function sessionCardPayload(team: Team, a: Assignment): { embeds: EmbedBuilder[]; components: ActionRowBuilder<ButtonBuilder>[] } {
  const embed = sessionEmbed(team, a);
  if (!a.checkin) return { embeds: [embed], components: [sessionButtons(a.id)] };
  const logged =
    a.checkin.outcome === 'completed'
      ? `✅ Logged: RPE ${a.checkin.rpe}, ${a.checkin.minutes} min, pain ${a.checkin.pain}/10.`
      : "✅ Logged as couldn't train.";
  embed.setFooter({ text: `Session #${a.id} · ${logged}` });
  const edit = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(customIds.logButton.encode({ assignmentId: a.id, retry: false }))
      .setLabel('Edit')
      .setStyle(ButtonStyle.Secondary),
  );
  return { embeds: [embed], components: [edit] };
}

/** Foster's CR-10 anchors, split between the label (45 characters at most) and the placeholder (100). */
export const CR10_LABEL = `RPE ${rangeText(CHECKIN_LIMITS.rpe)}: 0 rest · 5 hard · 10 maximal`;
export const CR10_HINT = '1 very, very easy · 2 easy · 3 moderate · 4 somewhat hard · 7 very hard';

/** The check-in form: Foster's CR-10 words in the placeholder, pain 0-10, optional area and note. */
export function checkinModal(a: Assignment): ModalBuilder {
  const prior = a.checkin?.outcome === 'completed' ? a.checkin : null;
  const digits = (limit: { max: number }) => String(limit.max).length;
  const input = (
    id: string,
    label: string,
    placeholder: string,
    required: boolean,
    value?: string | number | null,
    style = TextInputStyle.Short,
    max = 3,
  ) => {
    const field = new TextInputBuilder()
      .setCustomId(id)
      .setLabel(label)
      .setPlaceholder(placeholder)
      .setStyle(style)
      .setRequired(required)
      .setMaxLength(max);
    if (value !== undefined && value !== null) field.setValue(String(value));
    return new ActionRowBuilder<TextInputBuilder>().addComponents(field);
  };
  return new ModalBuilder()
    .setCustomId(customIds.logModal.encode({ assignmentId: a.id }))
    .setTitle(`Log: ${a.title}`.slice(0, 45))
    .addComponents(
      input(formFields.checkin.rpe, CR10_LABEL, CR10_HINT, true, prior?.rpe, TextInputStyle.Short, digits(CHECKIN_LIMITS.rpe)),
      input(
        formFields.checkin.minutes,
        `Minutes trained (${rangeText(CHECKIN_LIMITS.minutes)})`,
        `e.g. ${a.plannedMinutes}`,
        true,
        prior?.minutes ?? a.plannedMinutes,
        TextInputStyle.Short,
        digits(CHECKIN_LIMITS.minutes),
      ),
      input(
        formFields.checkin.pain,
        `Pain ${rangeText(CHECKIN_LIMITS.pain)} (0 none, 10 worst)`,
        '0-2 fine · 3-5 acceptable · above 5 too much',
        true,
        prior?.pain,
        TextInputStyle.Short,
        digits(CHECKIN_LIMITS.pain),
      ),
      input(
        formFields.checkin.area,
        'Where was the pain? (optional)',
        'hamstring, lower back, glute, knee or other',
        false,
        prior?.painArea?.replace('_', ' '),
        TextInputStyle.Short,
        20,
      ),
      input(
        formFields.checkin.note,
        'Anything else? (optional)',
        'How it felt, what you changed…',
        false,
        prior?.note,
        TextInputStyle.Paragraph,
        NOTE_MAX_LENGTH,
      ),
    );
}

export function missedModal(a: Assignment): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(customIds.missModal.encode({ assignmentId: a.id }))
    .setTitle(`Couldn't train: ${a.title}`.slice(0, 45))
    .addComponents(
      new ActionRowBuilder<TextInputBuilder>().addComponents(
        new TextInputBuilder()
          .setCustomId(formFields.missed.reason)
          .setLabel('What got in the way? (optional)')
          .setPlaceholder('Ill, travel, work, sore… your coach sees this')
          .setStyle(TextInputStyle.Paragraph)
          .setRequired(false)
          .setMaxLength(NOTE_MAX_LENGTH),
      ),
    );
}
