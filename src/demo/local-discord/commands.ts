// Application command registration: the checks Discord makes on a bulk
// overwrite (so a bad command definition fails the test, not the deploy) and
// the echo with ids. Ids stay stable per name, as on Discord.
import { FormErrors } from './messages';
import { snowflake } from './snowflake';
import type { StoredCommand } from './state';

const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

interface RawOption {
  type?: number;
  name?: string;
  description?: string;
  required?: boolean;
  options?: RawOption[];
  choices?: { name?: string; value?: unknown }[];
  autocomplete?: boolean;
}

function validateName(name: unknown, path: (string | number)[], errors: FormErrors, chatInput: boolean): void {
  if (typeof name !== 'string' || name.length === 0) {
    errors.add([...path, 'name'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  if (chatInput && (!NAME.test(name) || name !== name.toLowerCase())) {
    errors.add([...path, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
}

function validateDescription(description: unknown, path: (string | number)[], errors: FormErrors): void {
  if (typeof description !== 'string' || description.length === 0) {
    errors.add([...path, 'description'], 'BASE_TYPE_REQUIRED', 'This field is required');
  } else errors.maxLength([...path, 'description'], description, 100);
}

function validateOptions(options: RawOption[], path: (string | number)[], errors: FormErrors): void {
  if (options.length > 25) errors.add(path, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  const names = new Set<string>();
  let sawOptional = false;
  options.forEach((opt, i) => {
    const at = [...path, i];
    validateName(opt.name, at, errors, true);
    validateDescription(opt.description, at, errors);
    if (opt.name) {
      if (names.has(opt.name)) errors.add([...at, 'name'], 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option name already exists');
      names.add(opt.name);
    }
    if (opt.type === 1 || opt.type === 2) {
      validateOptions(opt.options ?? [], [...at, 'options'], errors);
      return;
    }
    if (opt.required) {
      if (sawOptional)
        errors.add(at, 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
    } else sawOptional = true;
    if (opt.choices) {
      if (opt.choices.length > 25) errors.add([...at, 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
      if (opt.autocomplete)
        errors.add(
          [...at, 'autocomplete'],
          'APPLICATION_COMMAND_AUTOCOMPLETE_CHOICES',
          'Autocomplete cannot be enabled on options with choices',
        );
      opt.choices.forEach((c, j) => {
        errors.maxLength([...at, 'choices', j, 'name'], c.name, 100);
        errors.maxLength([...at, 'choices', j, 'value'], c.value, 100);
      });
    }
  });
}

/** Validates a bulk-overwrite body; errors are keyed by index like Discord's. */
export function validateCommands(body: unknown): FormErrors {
  const errors = new FormErrors();
  if (!Array.isArray(body)) {
    errors.add([], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return errors;
  }
  const seen = new Set<string>();
  body.forEach((cmd: Record<string, unknown>, i) => {
    const type = (cmd.type as number | undefined) ?? 1;
    validateName(cmd.name, [i], errors, type === 1);
    if (type === 1) validateDescription(cmd.description, [i], errors);
    const key = `${type}:${String(cmd.name)}`;
    if (seen.has(key)) errors.add([i, 'name'], 'APPLICATION_COMMAND_ALREADY_EXISTS', 'Application command with that name already exists');
    seen.add(key);
    if (Array.isArray(cmd.options)) validateOptions(cmd.options as RawOption[], [i, 'options'], errors);
  });
  return errors;
}

/** The stored/echoed form of a command, reusing the id of a same-named command already registered. */
export function storeCommand(
  cmd: Record<string, unknown>,
  applicationId: string,
  previous: StoredCommand[],
  guildId?: string,
): StoredCommand {
  const type = (cmd.type as number | undefined) ?? 1;
  const existing = previous.find((c) => c.name === cmd.name && Number(c.type ?? 1) === type);
  return {
    ...cmd,
    id: existing?.id ?? snowflake(),
    application_id: applicationId,
    version: snowflake(),
    type,
    description: (cmd.description as string | undefined) ?? '',
    default_member_permissions: (cmd.default_member_permissions as string | null | undefined) ?? null,
    nsfw: (cmd.nsfw as boolean | undefined) ?? false,
    ...(guildId ? { guild_id: guildId } : {}),
  } as StoredCommand;
}
