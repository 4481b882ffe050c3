// Message bodies as Discord receives them: validation against the limits
// Discord enforces (so a bot that breaks them fails here, not in production),
// and turning a body plus uploaded files into a stored message.
import type { APIEmbed, APIUser, EmbedType } from 'discord.js';
import { snowflake } from './snowflake';
import type { LocalAttachment, LocalMessage, State } from './state';

export interface UploadedFile {
  /** The multipart field name, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** The fields of a create/edit message body this fake looks at. */
export interface MessageBody {
  content?: string | null;
  embeds?: APIEmbed[] | null;
  components?: unknown[] | null;
  flags?: number | null;
  attachments?: { id: string | number; filename?: string; description?: string }[] | null;
  sticker_ids?: string[];
  poll?: unknown;
  tts?: boolean;
  message_reference?: unknown;
}

export const MessageFlag = {
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
  IsComponentsV2: 1 << 15,
} as const;

// Discord's default upload limit for a server without boosts.
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** A 50035 "Invalid Form Body" error tree: { embeds: { 0: { title: { _errors: [...] } } } }. */
export class FormErrors {
  readonly tree: Record<string, unknown> = {};
  readonly list: string[] = [];

  add(path: (string | number)[], code: string, message: string): void {
    let node = this.tree;
    for (const key of path) {
      node[String(key)] ??= {};
      node = node[String(key)] as Record<string, unknown>;
    }
    ((node._errors ??= []) as unknown[]).push({ code, message });
    this.list.push(`${path.join('.')}: ${message}`);
  }

  maxLength(path: (string | number)[], value: unknown, max: number): void {
    if (typeof value === 'string' && value.length > max) {
      this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    }
  }

  get empty(): boolean {
    return this.list.length === 0;
  }
}

function embedLength(embed: APIEmbed): number {
  let n = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  n += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const field of embed.fields ?? []) n += field.name.length + field.value.length;
  return n;
}

function validateEmbeds(embeds: APIEmbed[], errors: FormErrors): void {
  if (embeds.length > 10) errors.add(['embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  let total = 0;
  embeds.forEach((embed, i) => {
    const at = (...p: (string | number)[]) => ['embeds', i, ...p];
    errors.maxLength(at('title'), embed.title, 256);
    errors.maxLength(at('description'), embed.description, 4096);
    errors.maxLength(at('footer', 'text'), embed.footer?.text, 2048);
    errors.maxLength(at('author', 'name'), embed.author?.name, 256);
    const fields = embed.fields ?? [];
    if (fields.length > 25) errors.add(at('fields'), 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    fields.forEach((field, j) => {
      if (!field.name) errors.add(at('fields', j, 'name'), 'BASE_TYPE_REQUIRED', 'This field is required');
      if (!field.value) errors.add(at('fields', j, 'value'), 'BASE_TYPE_REQUIRED', 'This field is required');
      errors.maxLength(at('fields', j, 'name'), field.name, 256);
      errors.maxLength(at('fields', j, 'value'), field.value, 1024);
    });
    total += embedLength(embed);
  });
  if (total > 6000) errors.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
}

type AnyComponent = Record<string, unknown> & { type: number };

/** Calls `visit` for every component in a (possibly nested, Components V2) tree. */
export function walkComponents(
  components: unknown[] | null | undefined,
  visit: (c: AnyComponent, path: (string | number)[]) => void,
  path: (string | number)[] = ['components'],
): void {
  (components ?? []).forEach((raw, i) => {
    const c = raw as AnyComponent;
    visit(c, [...path, i]);
    if (Array.isArray(c.components)) walkComponents(c.components, visit, [...path, i, 'components']);
    if (c.component && typeof c.component === 'object') walkComponents([c.component], visit, [...path, i, 'component']);
    if (c.accessory && typeof c.accessory === 'object') walkComponents([c.accessory], visit, [...path, i, 'accessory']);
  });
}

function validateComponents(components: unknown[], v2: boolean, errors: FormErrors): void {
  if (!v2 && components.length > 5) errors.add(['components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
  const customIds = new Set<string>();
  let count = 0;
  walkComponents(components, (c, path) => {
    count++;
    const customId = c.custom_id;
    if (typeof customId === 'string') {
      errors.maxLength([...path, 'custom_id'], customId, 100);
      if (customIds.has(customId)) {
        errors.add([...path, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
      }
      customIds.add(customId);
    }
    switch (c.type) {
      case 1: {
        const children = (c.components as AnyComponent[] | undefined) ?? [];
        if (children.length === 0 || children.length > 5) {
          errors.add([...path, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
        }
        if (children.some((child) => child.type !== 2) && children.length > 1) {
          errors.add([...path, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
        }
        break;
      }
      case 2: {
        errors.maxLength([...path, 'label'], c.label, 80);
        const link = c.style === 5;
        if (link && typeof c.url !== 'string') errors.add([...path, 'url'], 'BASE_TYPE_REQUIRED', 'This field is required');
        if (!link && c.style !== 6 && typeof customId !== 'string') {
          errors.add([...path, 'custom_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
        }
        break;
      }
      case 3: {
        const options = (c.options as unknown[] | undefined) ?? [];
        if (options.length === 0 || options.length > 25) {
          errors.add([...path, 'options'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 25 in length.');
        }
        errors.maxLength([...path, 'placeholder'], c.placeholder, 150);
        break;
      }
      default:
        break;
    }
  });
  if (v2 && count > 40) errors.add(['components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 40 or fewer in length.');
}

/** Validates a message body; `creating` also rejects an empty message (50006) the way POST does. */
export function validateMessageBody(body: MessageBody, files: UploadedFile[]): FormErrors {
  const errors = new FormErrors();
  const v2 = ((body.flags ?? 0) & MessageFlag.IsComponentsV2) !== 0;
  if (body.content !== undefined && body.content !== null && typeof body.content !== 'string') {
    errors.add(['content'], 'BASE_TYPE_STRING', 'Must be a string.');
  }
  errors.maxLength(['content'], body.content, 2000);
  if (v2 && body.content)
    errors.add(
      ['content'],
      'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
      "The 'content' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
    );
  if (v2 && body.embeds?.length)
    errors.add(
      ['embeds'],
      'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
      "The 'embeds' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
    );
  if (body.embeds) validateEmbeds(body.embeds, errors);
  if (body.components) validateComponents(body.components, v2, errors);
  if (files.length > 10) errors.add(['files'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  return errors;
}

/** Whether a body for a new message has anything to show (else Discord answers 50006). */
export function isEmptyMessage(body: MessageBody, files: UploadedFile[]): boolean {
  return !body.content && !body.embeds?.length && !body.components?.length && files.length === 0 && !body.sticker_ids?.length && !body.poll;
}

// Discord stamps bot-sent embeds with type 'rich'.
const richEmbed = (e: APIEmbed): APIEmbed => ({ type: 'rich' as EmbedType, ...e });

export class Messages {
  constructor(
    private readonly state: State,
    private readonly baseUrl: () => string,
  ) {}

  private attachment(channelId: string, file: UploadedFile, description?: string, ephemeral?: boolean): LocalAttachment {
    const id = snowflake();
    const url = `${this.baseUrl()}/attachments/${channelId}/${id}/${encodeURIComponent(file.filename)}`;
    const attachment = {
      id,
      filename: file.filename,
      size: file.bytes.length,
      url,
      proxy_url: url,
      content_type: file.contentType,
      ...(description ? { description } : {}),
      ...(ephemeral ? { ephemeral: true } : {}),
    };
    // Not enumerable: tests read the bytes, JSON (REST answers, gateway) never carries them.
    Object.defineProperty(attachment, 'bytes', { value: file.bytes, enumerable: false });
    return attachment as LocalAttachment;
  }

  /** Resolves `attachments` + uploaded files the way Discord does: ids that name a `files[n]` part are new uploads, other ids keep an existing attachment. */
  private resolveAttachments(
    channelId: string,
    body: MessageBody,
    files: UploadedFile[],
    existing: LocalAttachment[],
    ephemeral: boolean,
  ): LocalAttachment[] {
    const byIndex = new Map(files.map((f) => [f.field.replace(/^files\[(.+)\]$/, '$1'), f]));
    if (!body.attachments) {
      return [...existing, ...files.map((f) => this.attachment(channelId, f, undefined, ephemeral))];
    }
    const result: LocalAttachment[] = [];
    const used = new Set<UploadedFile>();
    for (const entry of body.attachments) {
      const file = byIndex.get(String(entry.id));
      if (file) {
        used.add(file);
        result.push(this.attachment(channelId, { ...file, filename: entry.filename ?? file.filename }, entry.description, ephemeral));
        continue;
      }
      const kept = existing.find((a) => a.id === String(entry.id));
      if (kept) result.push(kept);
    }
    // Files without an attachments entry are still uploaded.
    for (const file of files) if (!used.has(file)) result.push(this.attachment(channelId, file, undefined, ephemeral));
    return result;
  }

  private mentions(content: string, guildId: string | undefined): Pick<LocalMessage, 'mentions' | 'mention_roles' | 'mention_everyone'> {
    const users = [...content.matchAll(/<@!?(\d+)>/g)]
      .map((m) => this.state.users.get(m[1] ?? ''))
      .filter((u): u is APIUser => u !== undefined);
    const guild = guildId ? this.state.guilds.get(guildId) : undefined;
    const roles = guild ? [...content.matchAll(/<@&(\d+)>/g)].map((m) => m[1] ?? '').filter((id) => guild.roles.has(id)) : [];
    return { mentions: users, mention_roles: roles, mention_everyone: /@(everyone|here)\b/.test(content) };
  }

  /** A new message in a channel (not yet stored; see `store`). */
  build(o: {
    channelId: string;
    author: APIUser;
    body: MessageBody;
    files: UploadedFile[];
    type?: number;
    extra?: Partial<LocalMessage>;
  }): LocalMessage {
    const channel = this.state.channel(o.channelId);
    const flags = o.body.flags ?? 0;
    const content = o.body.content ?? '';
    const message: LocalMessage = {
      id: snowflake(),
      type: o.type ?? 0,
      channel_id: channel.id,
      author: o.author,
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: o.body.tts ?? false,
      ...this.mentions(content, channel.guildId),
      attachments: this.resolveAttachments(channel.id, o.body, o.files, [], (flags & MessageFlag.Ephemeral) !== 0),
      embeds: (o.body.embeds ?? []).map(richEmbed),
      components: (o.body.components ?? []) as LocalMessage['components'],
      pinned: false,
      flags,
      ...(channel.guildId ? { guild_id: channel.guildId } : {}),
      ...o.extra,
    };
    return message;
  }

  /** Puts a message into the index and, unless ephemeral, into its channel's history. */
  store(message: LocalMessage): void {
    this.state.messages.set(message.id, message);
    if (((message.flags ?? 0) & MessageFlag.Ephemeral) === 0) {
      const channel = this.state.channel(message.channel_id);
      channel.messages.push(message);
      channel.lastMessageId = message.id;
    }
  }

  /** Applies a PATCH body: only the fields present change, as on Discord. */
  edit(message: LocalMessage, body: MessageBody, files: UploadedFile[]): void {
    if (body.content !== undefined) {
      message.content = body.content ?? '';
      Object.assign(message, this.mentions(message.content, message.guild_id));
    }
    if (body.embeds !== undefined) message.embeds = (body.embeds ?? []).map(richEmbed);
    if (body.components !== undefined) message.components = (body.components ?? []) as LocalMessage['components'];
    const ephemeral = ((message.flags ?? 0) & MessageFlag.Ephemeral) !== 0;
    if (body.flags !== undefined && body.flags !== null) {
      // Only SUPPRESS_EMBEDS and IS_COMPONENTS_V2 can be changed by an edit; ephemeral and loading stay as they are.
      const keep = (message.flags ?? 0) & (MessageFlag.Ephemeral | MessageFlag.Loading);
      message.flags = keep | (body.flags & ~(MessageFlag.Ephemeral | MessageFlag.Loading));
    }
    if (body.attachments !== undefined || files.length > 0) {
      message.attachments = this.resolveAttachments(message.channel_id, body, files, message.attachments, ephemeral);
    }
    message.edited_timestamp = new Date().toISOString();
  }
}
