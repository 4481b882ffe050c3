/** The built-in mobility day: not a training session (never regressed, no check-in prompt, no hard sets). */
export const MOBILITY_TEMPLATE = 'mobility-day';
