export * from './schema';
export { exercises, getExercise, requireExercise, validateExerciseLibrary } from './exercises';
export { templates, getTemplate, requireTemplate, toPrescription, validateTemplates, WORKING_ROLES } from './templates';
export type { PrescriptionOverrides } from './templates';
