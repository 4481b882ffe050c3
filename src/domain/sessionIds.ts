/** The built-in mobility day: not a training session (never regressed, no check-in prompt, no hard sets). */
export const MOBILITY_TEMPLATE = 'mobility-day';
/** The built-in Nordic session (Petersen et al. 2011): its check-in asks for the reps of each set. */
export const NORDIC_TEMPLATE = 'nordic-protocol';
