export * from './schema';
export { exercises, getExercise, requireExercise, validateExerciseLibrary, lookupIn } from './exercises';
export type { ExerciseInput, ExerciseLookup } from './exercises';
export { templates, getTemplate, requireTemplate, toPrescription, validateTemplates, WORKING_ROLES } from './templates';
export type { ItemOverride, PrescriptionOverrides, SessionTemplateInput } from './templates';
