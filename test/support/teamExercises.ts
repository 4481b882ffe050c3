import type { Exercise } from '../../src/domain/library/schema';
import { buildTeamExercise } from '../../src/domain/teamExercises';

/** A team's own hamstring exercise (slider leg curl), as a coach would add it: full credit to the hamstrings. */
export function sliderCurl(): Exercise {
  const built = buildTeamExercise({
    name: 'Slider curl',
    pattern: 'knee_flexion',
    muscles: ['hamstrings'],
    unit: 'reps',
    cues: ['Hips high'],
  });
  if (!built.ok) throw new Error(built.message);
  return built.exercise;
}
