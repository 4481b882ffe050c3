/**
 * The exercise library: posterior-chain exercises, activation, mobility and
 * plyometric drills named in the seed articles (000_, 001_, 002_ in
 * shared/seeds), validated once at module load.
 *
 * Muscle credit per hard set (the library's own rule, after the common convention the
 * reference names under Volume; not from Schoenfeld et al. 2017,
 * J Sports Sci 35:1073): 1 for the single prime mover, 0.5 for each synergist.
 * Each exercise has at most one prime mover, so a set is never counted as a
 * full set for two muscles. Mobility, breathing, plyometric and trunk-control
 * drills credit none (or only synergists): they never count as hard sets.
 *
 * Ladders: `regressionId` is the simpler variation the pain-monitoring rule
 * reverts to (Silbernagel et al. 2007; seed 000: "revert to a simpler variation
 * at a lighter load"); `progressionId` is the harder one. Every progression is
 * reversible (A -> B implies B regresses to A). A regression may also enter
 * another ladder from the side (e.g. trap-bar deadlift -> kettlebell deadlift).
 */
import { z } from 'zod';
import { exerciseSchema, type Exercise } from './schema';

export type ExerciseInput = z.input<typeof exerciseSchema>;

const RAW_EXERCISES: ExerciseInput[] = [
  // ── Hip hinge: tempo hinge -> kettlebell deadlift -> RDL -> single-leg RDL ──
  {
    id: 'tempo-hip-hinge',
    name: 'Tempo hip hinge (dowel or light)',
    pattern: 'hip_hinge',
    kind: 'activation',
    demand: 1,
    spinalLoad: 0,
    muscles: { hamstrings: 1, glutes: 0.5 },
    cues: [
      'Dowel touches head, upper back and tailbone the whole way',
      'Push the hips back, knees soft',
      'Three seconds down, then stand tall by squeezing the glutes',
    ],
    regressionId: null,
    progressionId: 'kettlebell-deadlift',
    equipment: ['dowel'],
    dose: { unit: 'reps', reps: { min: 6, max: 8 } },
  },
  {
    id: 'kettlebell-deadlift',
    name: 'Kettlebell deadlift',
    pattern: 'hip_hinge',
    kind: 'strength',
    demand: 4,
    spinalLoad: 1,
    muscles: { glutes: 1, hamstrings: 0.5 },
    cues: ['Bell between the mid-feet', 'Brace, then push the floor away', 'Finish tall: glutes tight, ribs down'],
    regressionId: 'tempo-hip-hinge',
    progressionId: 'rdl',
    equipment: ['kettlebell'],
    dose: { unit: 'reps', reps: { min: 8, max: 10 } },
  },
  {
    id: 'rdl',
    name: 'Romanian deadlift (barbell)',
    pattern: 'hip_hinge',
    kind: 'strength',
    demand: 6,
    spinalLoad: 3,
    muscles: { hamstrings: 1, glutes: 0.5, lowerBack: 0.5 },
    cues: [
      'Neutral spine: chest proud, ribs down',
      'Hips back, bar slides down the thighs',
      'Stop when the hips stop moving back, not when the back rounds',
      'Drive the hips forward to stand',
    ],
    regressionId: 'kettlebell-deadlift',
    // Not the single-leg RDL: that regresses to a bridge (less spinal load), so the ladders stay reversible.
    progressionId: null,
    equipment: ['barbell', 'plates'],
    dose: { unit: 'reps', reps: { min: 6, max: 8 } },
  },
  {
    id: 'single-leg-rdl',
    name: 'Single-leg Romanian deadlift',
    pattern: 'single_leg',
    kind: 'strength',
    demand: 6,
    spinalLoad: 1,
    muscles: { hamstrings: 1, glutes: 0.5 },
    cues: [
      'Hips square to the floor',
      'Reach the free heel back as the chest comes down',
      'Soft standing knee, weight through the mid-foot',
    ],
    // Seeds 000/002: after pain, a simpler variation at a lighter load. The barbell RDL would be a
    // heavier spinal hinge; the single-leg hamstring bridge keeps the unilateral hamstring work, supine.
    regressionId: 'unilateral-hamstring-bridge',
    progressionId: null,
    equipment: ['dumbbell or kettlebell'],
    dose: { unit: 'reps_each_side', reps: { min: 8, max: 10 } },
  },

  // ── Ballistic and heavy hinges, entered from the kettlebell deadlift ──────
  {
    id: 'kettlebell-swing',
    name: 'Kettlebell swing',
    pattern: 'ballistic',
    kind: 'strength',
    demand: 6,
    spinalLoad: 2,
    muscles: { glutes: 1, hamstrings: 0.5 },
    cues: [
      'Hike the bell back high between the thighs',
      'Snap the hips through; the arms only guide the bell',
      'Stand tall and brace at the top',
    ],
    regressionId: 'kettlebell-deadlift',
    progressionId: null,
    equipment: ['kettlebell'],
    dose: { unit: 'reps', reps: { min: 10, max: 15 } },
  },
  {
    id: 'trap-bar-deadlift',
    name: 'Trap-bar deadlift',
    pattern: 'hip_hinge',
    kind: 'strength',
    demand: 7,
    spinalLoad: 3,
    muscles: { glutes: 1, hamstrings: 0.5, lowerBack: 0.5 },
    cues: [
      'Brace before the bar leaves the floor',
      'Push the floor away; hips and shoulders rise together',
      'Lock out with the glutes, not by leaning back',
    ],
    regressionId: 'kettlebell-deadlift',
    progressionId: 'deadlift',
    equipment: ['trap bar', 'plates'],
    dose: { unit: 'reps', reps: { min: 4, max: 6 } },
  },
  {
    id: 'deadlift',
    name: 'Deadlift (conventional barbell)',
    pattern: 'hip_hinge',
    kind: 'strength',
    demand: 8,
    spinalLoad: 4,
    muscles: { glutes: 1, hamstrings: 0.5, lowerBack: 0.5 },
    cues: [
      'Bar over mid-foot, shins to the bar',
      'Pull the slack out and brace hard',
      'Neutral spine from the floor to lockout',
      'Finish with the glutes, not by leaning back',
    ],
    regressionId: 'trap-bar-deadlift',
    progressionId: null,
    equipment: ['barbell', 'plates'],
    dose: { unit: 'reps', reps: { min: 3, max: 5 } },
  },

  // ── Hip extension: pull-through -> 45-degree hip extension -> back extension ──
  {
    id: 'cable-pull-through',
    name: 'Cable pull-through',
    pattern: 'hip_hinge',
    kind: 'strength',
    demand: 3,
    spinalLoad: 1,
    muscles: { glutes: 1, hamstrings: 0.5 },
    cues: ['Walk out until the stack is loaded, hips back', 'Hinge, do not squat: knees stay soft', 'Squeeze the glutes to stand tall'],
    regressionId: 'tempo-hip-hinge',
    progressionId: 'hip-extension-45',
    equipment: ['cable', 'rope handle'],
    dose: { unit: 'reps', reps: { min: 10, max: 15 } },
  },
  {
    id: 'hip-extension-45',
    name: '45-degree hip extension',
    pattern: 'hip_extension',
    kind: 'strength',
    demand: 5,
    spinalLoad: 2,
    muscles: { glutes: 1, hamstrings: 0.5, lowerBack: 0.5 },
    cues: [
      'Pad just below the hip crease so the hips can fold',
      'Move at the hips, keep the spine long',
      'Squeeze the glutes to a straight line; do not over-arch',
    ],
    regressionId: 'cable-pull-through',
    progressionId: 'back-extension',
    equipment: ['45-degree back extension bench'],
    dose: { unit: 'reps', reps: { min: 10, max: 12 } },
  },
  {
    id: 'back-extension',
    name: 'Back extension (horizontal)',
    pattern: 'hip_extension',
    kind: 'strength',
    demand: 6,
    spinalLoad: 3,
    muscles: { lowerBack: 1, glutes: 0.5, hamstrings: 0.5 },
    cues: ['Lower under control', 'Rise to neutral, not into an arch', 'Brace and breathe out at the top'],
    regressionId: 'hip-extension-45',
    progressionId: null,
    equipment: ['horizontal back extension or glute-ham bench'],
    dose: { unit: 'reps', reps: { min: 8, max: 12 } },
  },

  // ── Bridges: isometric hold -> bridge -> march -> single-leg -> unilateral hamstring bridge ──
  {
    id: 'isometric-bridge-hold',
    name: 'Isometric bridge hold',
    pattern: 'isometric',
    kind: 'isometric',
    demand: 1,
    spinalLoad: 0,
    muscles: { glutes: 1, hamstrings: 0.5 },
    cues: ['Tilt the pelvis back slightly before you lift', 'Drive through the heels, ribs down', 'Breathe slowly through the hold'],
    regressionId: null,
    progressionId: 'glute-bridge',
    equipment: ['mat'],
    dose: { unit: 'seconds', reps: { min: 20, max: 30 } },
  },
  {
    id: 'glute-bridge',
    name: 'Glute bridge',
    pattern: 'hip_thrust_bridge',
    kind: 'activation',
    demand: 2,
    spinalLoad: 0,
    muscles: { glutes: 1, hamstrings: 0.5 },
    cues: [
      'Posterior pelvic tilt, then push through the heels',
      'Lift until knees, hips and shoulders line up',
      'Pause at the top and squeeze',
    ],
    regressionId: 'isometric-bridge-hold',
    progressionId: 'bridge-march',
    equipment: ['mat'],
    dose: { unit: 'reps', reps: { min: 10, max: 12 } },
  },
  {
    id: 'bridge-march',
    name: 'Bridge march',
    pattern: 'hip_thrust_bridge',
    kind: 'activation',
    demand: 3,
    spinalLoad: 0,
    muscles: { glutes: 1, hamstrings: 0.5 },
    cues: [
      'Hold the bridge level: hips do not drop or twist',
      'Lift one foot a few centimetres, slow and controlled',
      'Keep the posterior pelvic tilt',
    ],
    regressionId: 'glute-bridge',
    progressionId: 'single-leg-bridge',
    equipment: ['mat'],
    dose: { unit: 'reps_each_side', reps: { min: 6, max: 8 } },
  },
  {
    id: 'single-leg-bridge',
    name: 'Single-leg glute bridge',
    pattern: 'hip_thrust_bridge',
    kind: 'strength',
    demand: 4,
    spinalLoad: 0,
    muscles: { glutes: 1, hamstrings: 0.5 },
    cues: ['Pelvis level, free knee pulled in', 'Drive through the heel of the working leg', 'Pause at the top, lower slowly'],
    regressionId: 'bridge-march',
    progressionId: 'unilateral-hamstring-bridge',
    equipment: ['mat'],
    dose: { unit: 'reps_each_side', reps: { min: 8, max: 12 } },
  },
  {
    id: 'unilateral-hamstring-bridge',
    name: 'Unilateral hamstring bridge (heel on box)',
    pattern: 'hip_thrust_bridge',
    kind: 'strength',
    demand: 5,
    spinalLoad: 0,
    muscles: { hamstrings: 1, glutes: 0.5 },
    cues: [
      'Heel on a box about knee height, knee slightly bent',
      'Arms across the chest; drive the heel down to lift the hips',
      'Hips all the way up each rep, touch down lightly',
    ],
    regressionId: 'single-leg-bridge',
    progressionId: null,
    equipment: ['box or bench'],
    dose: { unit: 'reps_each_side', reps: { min: 8, max: 12 } },
  },

  // ── Hip thrust: bodyweight -> barbell ────────────────────────────────────
  {
    id: 'bodyweight-hip-thrust',
    name: 'Hip thrust (bodyweight)',
    pattern: 'hip_thrust_bridge',
    kind: 'activation',
    demand: 3,
    spinalLoad: 0,
    muscles: { glutes: 1, hamstrings: 0.5 },
    cues: [
      'Upper back on the bench edge, chin tucked',
      'Shins vertical at the top',
      'Tilt the pelvis back and squeeze; do not arch to finish',
    ],
    regressionId: 'glute-bridge',
    progressionId: 'hip-thrust',
    equipment: ['bench'],
    dose: { unit: 'reps', reps: { min: 10, max: 15 } },
  },
  {
    id: 'hip-thrust',
    name: 'Hip thrust (barbell)',
    pattern: 'hip_thrust_bridge',
    kind: 'strength',
    demand: 6,
    spinalLoad: 1,
    muscles: { glutes: 1, hamstrings: 0.5 },
    cues: [
      'Bench under the shoulder blades, padded bar in the hip crease',
      'Ribs down, chin tucked: the hips move, the back does not',
      'Drive through the heels to full hip extension and pause',
    ],
    regressionId: 'bodyweight-hip-thrust',
    progressionId: null,
    equipment: ['barbell', 'plates', 'bench', 'bar pad'],
    dose: { unit: 'reps', reps: { min: 6, max: 10 } },
  },

  // ── Knee flexion: walkout -> ball curl -> Nordic (band-assisted -> partial -> full) ──
  {
    id: 'hamstring-walkout',
    name: 'Hamstring walkout',
    pattern: 'knee_flexion',
    kind: 'activation',
    demand: 3,
    spinalLoad: 0,
    muscles: { hamstrings: 1, glutes: 0.5 },
    cues: [
      'Bridge up, then walk the heels out in small steps',
      'Keep the hips up as far as you control',
      'Walk back in before the hips sag',
    ],
    regressionId: 'glute-bridge',
    progressionId: 'stability-ball-curl',
    equipment: ['mat'],
    dose: { unit: 'reps', reps: { min: 4, max: 6 } },
  },
  {
    id: 'stability-ball-curl',
    name: 'Stability-ball leg curl',
    pattern: 'knee_flexion',
    kind: 'strength',
    demand: 4,
    spinalLoad: 0,
    muscles: { hamstrings: 1, glutes: 0.5 },
    cues: ['Bridge up first and keep the hips high', 'Curl the ball in with the heels', 'Roll out slowly: the lowering is the work'],
    regressionId: 'hamstring-walkout',
    progressionId: 'nordic-curl-band-assisted',
    equipment: ['stability ball'],
    dose: { unit: 'reps', reps: { min: 8, max: 12 } },
  },
  {
    id: 'nordic-curl-band-assisted',
    name: 'Nordic curl (band-assisted)',
    pattern: 'knee_flexion',
    kind: 'strength',
    demand: 6,
    spinalLoad: 0,
    muscles: { hamstrings: 1 },
    cues: [
      'Band from above to the chest takes some of your weight',
      'Straight line from knees to head: the hips do not fold',
      'Lower as slowly as you can, push back up with the hands',
    ],
    regressionId: 'stability-ball-curl',
    progressionId: 'nordic-curl-partial',
    equipment: ['heavy resistance band', 'anchor or partner', 'knee pad'],
    dose: { unit: 'reps', reps: { min: 4, max: 6 } },
  },
  {
    id: 'nordic-curl-partial',
    name: 'Nordic curl (partial range)',
    pattern: 'knee_flexion',
    kind: 'strength',
    demand: 7,
    spinalLoad: 0,
    muscles: { hamstrings: 1 },
    cues: [
      'Lower only as far as you can control, then come back up',
      'Straight line from knees to head',
      'Add range only while it stays pain-free',
    ],
    regressionId: 'nordic-curl-band-assisted',
    progressionId: 'nordic-curl',
    equipment: ['anchor or partner', 'knee pad'],
    dose: { unit: 'reps', reps: { min: 4, max: 6 } },
  },
  {
    id: 'nordic-curl',
    name: 'Nordic curl (full range)',
    pattern: 'knee_flexion',
    kind: 'strength',
    demand: 8,
    spinalLoad: 0,
    muscles: { hamstrings: 1 },
    cues: [
      'Partner pins the ankles; knees on a pad',
      'Hips extended: straight line from knees to head',
      'Fight the fall as long as you can, catch with the hands',
      'Push back up with the hands',
    ],
    regressionId: 'nordic-curl-partial',
    progressionId: null,
    equipment: ['anchor or partner', 'knee pad'],
    dose: { unit: 'reps', reps: { min: 5, max: 8 } },
  },

  // ── Machine curls: lying (mid-range) -> seated (longer length, seed 002) ──
  {
    id: 'lying-leg-curl',
    name: 'Lying leg curl (machine)',
    pattern: 'knee_flexion',
    kind: 'strength',
    demand: 3,
    spinalLoad: 0,
    muscles: { hamstrings: 1 },
    cues: ['Hips pressed into the pad', 'Curl smoothly, no kicking', 'Lower over two to three seconds'],
    regressionId: null,
    progressionId: 'seated-leg-curl',
    equipment: ['lying leg curl machine'],
    dose: { unit: 'reps', reps: { min: 10, max: 12 } },
  },
  {
    id: 'seated-leg-curl',
    name: 'Seated leg curl (machine)',
    pattern: 'knee_flexion',
    kind: 'strength',
    demand: 4,
    spinalLoad: 0,
    muscles: { hamstrings: 1 },
    cues: [
      'Thigh pad snug, chest leaning slightly forward',
      'Pull the heels under the seat and pause',
      'Let the weight back slowly into the full stretch',
    ],
    regressionId: 'lying-leg-curl',
    progressionId: null,
    equipment: ['seated leg curl machine'],
    dose: { unit: 'reps', reps: { min: 8, max: 12 } },
  },

  // ── Glute med: side-lying abduction -> band walk -> cable abduction ──────
  {
    id: 'side-lying-hip-abduction',
    name: 'Side-lying hip abduction',
    pattern: 'hip_abduction',
    kind: 'activation',
    demand: 1,
    spinalLoad: 0,
    muscles: { glutes: 1 },
    cues: [
      'Hips stacked, bottom knee bent for support',
      'Lead with the heel, toes slightly down',
      'Lift only as high as the pelvis stays still',
    ],
    regressionId: null,
    progressionId: 'band-walk',
    equipment: ['mat'],
    dose: { unit: 'reps_each_side', reps: { min: 12, max: 15 } },
  },
  {
    id: 'band-walk',
    name: 'Band walk (lateral)',
    pattern: 'hip_abduction',
    kind: 'activation',
    demand: 2,
    spinalLoad: 0,
    muscles: { glutes: 1 },
    cues: ['Band above the knees, quarter squat', 'Step wide and slow; keep tension in the band', 'Knees out, trunk quiet'],
    regressionId: 'side-lying-hip-abduction',
    progressionId: 'cable-hip-abduction',
    equipment: ['mini band'],
    dose: { unit: 'reps_each_side', reps: { min: 10, max: 15 } },
  },
  {
    id: 'cable-hip-abduction',
    name: 'Cable hip abduction (standing)',
    pattern: 'hip_abduction',
    kind: 'strength',
    demand: 3,
    spinalLoad: 0,
    muscles: { glutes: 1 },
    cues: ['Stand tall, hold the frame, hips level', 'Sweep the leg out without leaning', 'Slow on the way back in'],
    regressionId: 'band-walk',
    progressionId: null,
    equipment: ['cable', 'ankle cuff'],
    dose: { unit: 'reps_each_side', reps: { min: 10, max: 15 } },
  },

  // ── Isometric trunk holds: dead bug -> front plank -> side plank (seed 000) ──
  {
    id: 'dead-bug',
    name: 'Dead bug',
    pattern: 'isometric',
    kind: 'isometric',
    demand: 1,
    spinalLoad: 0,
    muscles: {},
    cues: [
      'Low back gently pressed to the floor',
      'Breathe out as the arm and opposite leg reach away',
      'Move slowly; stop the rep if the back lifts',
    ],
    regressionId: null,
    progressionId: 'front-plank',
    equipment: ['mat'],
    dose: { unit: 'reps_each_side', reps: { min: 6, max: 8 } },
  },
  {
    id: 'front-plank',
    name: 'Front plank (isometric trunk hold)',
    pattern: 'isometric',
    kind: 'isometric',
    demand: 2,
    spinalLoad: 1,
    muscles: {},
    cues: ['Elbows under the shoulders, squeeze the glutes', 'Ribs down: straight line from head to heels', 'Brace and keep breathing'],
    regressionId: 'dead-bug',
    progressionId: 'side-plank',
    equipment: ['mat'],
    dose: { unit: 'seconds', reps: { min: 20, max: 40 } },
  },
  {
    id: 'side-plank',
    name: 'Side plank',
    pattern: 'isometric',
    kind: 'isometric',
    demand: 3,
    spinalLoad: 1,
    muscles: { glutes: 0.5, lowerBack: 0.5 },
    cues: ['Elbow under the shoulder, hips high', 'Straight line from head to feet, no rolling forward', 'Brace and keep breathing'],
    regressionId: 'front-plank',
    progressionId: null,
    equipment: ['mat'],
    dose: { unit: 'seconds_each_side', reps: { min: 20, max: 30 } },
  },

  // ── Mobility and breathing (seeds 000 and 001): single-rung ladders ──────
  {
    id: 'hip-flexor-stretch',
    name: 'Half-kneeling hip flexor stretch',
    pattern: 'mobility',
    kind: 'mobility',
    demand: 1,
    spinalLoad: 0,
    muscles: {},
    cues: [
      'Tuck the pelvis under, then shift forward a little',
      'Squeeze the glute of the back leg',
      'Breathe slowly; feel it at the front of the hip',
    ],
    regressionId: null,
    progressionId: null,
    equipment: ['mat'],
    dose: { unit: 'seconds_each_side', reps: { min: 30, max: 45 } },
  },
  {
    id: 'hamstring-floss',
    name: 'Hamstring flossing (lying)',
    pattern: 'mobility',
    kind: 'mobility',
    demand: 1,
    spinalLoad: 0,
    muscles: {},
    cues: [
      'Hold behind the thigh with the hip at 90 degrees',
      'Straighten and bend the knee slowly, pulling the toes back',
      'Gentle tension only, never pain',
    ],
    regressionId: null,
    progressionId: null,
    equipment: ['mat'],
    dose: { unit: 'reps_each_side', reps: { min: 8, max: 10 } },
  },
  {
    id: 'thoracic-rotation',
    name: 'Thoracic rotation (open book)',
    pattern: 'mobility',
    kind: 'mobility',
    demand: 1,
    spinalLoad: 0,
    muscles: {},
    cues: [
      'Side-lying, knees stacked at hip height',
      'Open the top arm and follow it with the eyes',
      'Turn through the upper back; the knees stay together',
      'Breathe out as you open',
    ],
    regressionId: null,
    progressionId: null,
    equipment: ['mat'],
    dose: { unit: 'reps_each_side', reps: { min: 6, max: 8 } },
  },
  {
    id: 'ankle-mobility',
    name: 'Ankle mobility (knee to wall)',
    pattern: 'mobility',
    kind: 'mobility',
    demand: 1,
    spinalLoad: 0,
    muscles: {},
    cues: ['Heel stays down', 'Knee tracks over the middle toes', 'Smooth in and out, no bouncing'],
    regressionId: null,
    progressionId: null,
    equipment: ['wall'],
    dose: { unit: 'reps_each_side', reps: { min: 10, max: 12 } },
  },
  {
    id: 'cat-camel',
    name: 'Cat-camel',
    pattern: 'mobility',
    kind: 'mobility',
    demand: 1,
    spinalLoad: 0,
    muscles: {},
    cues: [
      'On hands and knees, move one segment at a time',
      'Round up as you breathe out, lengthen as you breathe in',
      'Easy range, no forcing',
    ],
    regressionId: null,
    progressionId: null,
    equipment: ['mat'],
    dose: { unit: 'reps', reps: { min: 6, max: 10 } },
  },
  {
    id: 'diaphragmatic-breathing',
    name: 'Diaphragmatic breathing with pelvic tilts',
    pattern: 'breathing',
    kind: 'mobility',
    demand: 1,
    spinalLoad: 0,
    muscles: {},
    cues: [
      'On your back, knees bent, one hand on the belly',
      'Breathe in through the nose: belly and sides expand',
      'Long breath out as the pelvis tilts gently back',
      'Neck and shoulders relaxed',
    ],
    regressionId: null,
    progressionId: null,
    equipment: ['mat'],
    dose: { unit: 'seconds', reps: { min: 120, max: 180 } },
  },

  // ── Plyometric readiness (seed 001 phase 4): box taps -> skips -> light bounding ──
  {
    id: 'box-tap',
    name: 'Box taps (low box)',
    pattern: 'plyometric',
    kind: 'plyometric',
    demand: 2,
    spinalLoad: 1,
    muscles: {},
    cues: ['Quick, light alternating toe taps', 'Stay tall, arms relaxed', 'Quiet feet'],
    regressionId: null,
    progressionId: 'skip',
    equipment: ['low box or step'],
    dose: { unit: 'seconds', reps: { min: 15, max: 20 } },
  },
  {
    id: 'skip',
    name: 'Skips',
    pattern: 'plyometric',
    kind: 'plyometric',
    demand: 3,
    spinalLoad: 1,
    muscles: {},
    cues: ['Tall posture, drive the knee up', 'Land under the hips on the ball of the foot', 'Soft, quiet landings; rhythm first'],
    regressionId: 'box-tap',
    progressionId: 'light-bounding',
    equipment: [],
    dose: { unit: 'metres', reps: { min: 15, max: 20 } },
  },
  {
    id: 'light-bounding',
    name: 'Light bounding',
    pattern: 'plyometric',
    kind: 'plyometric',
    demand: 5,
    spinalLoad: 2,
    muscles: {},
    cues: [
      'Long, easy strides with a short float',
      'Soft landing: quiet footfall, slight knee bend, glutes on',
      'Stop the set when landings get loud',
    ],
    regressionId: 'skip',
    progressionId: null,
    equipment: [],
    dose: { unit: 'metres', reps: { min: 20, max: 30 } },
  },
  {
    id: 'hill-stride',
    name: 'Hill strides',
    pattern: 'plyometric',
    kind: 'plyometric',
    demand: 5,
    spinalLoad: 1,
    muscles: {},
    cues: ['Gentle slope; build to about 80 % effort', 'Drive the knee, push the ground back', 'Tall and relaxed; walk back down'],
    regressionId: 'skip',
    progressionId: null,
    equipment: ['gentle hill'],
    dose: { unit: 'metres', reps: { min: 40, max: 60 } },
  },
];

function labelOf(entry: unknown, index: number): string {
  const id = typeof entry === 'object' && entry !== null ? (entry as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? `"${id}"` : `#${index}`;
}

/**
 * Parse and cross-check a library. Throws with a message naming the first bad
 * entry: schema errors, duplicate ids, unresolved or self-referencing
 * regression/progression ids, cycles, irreversible progressions, or more than
 * one prime mover.
 */
export function validateExerciseLibrary(raw: readonly unknown[]): Exercise[] {
  const parsed = raw.map((entry, index) => {
    const result = exerciseSchema.safeParse(entry);
    if (!result.success) {
      throw new Error(`Exercise library: entry ${labelOf(entry, index)} is invalid:\n${z.prettifyError(result.error)}`);
    }
    return result.data;
  });

  const byId = new Map<string, Exercise>();
  for (const ex of parsed) {
    if (byId.has(ex.id)) throw new Error(`Exercise library: entry "${ex.id}" is duplicated`);
    byId.set(ex.id, ex);
  }

  for (const ex of parsed) {
    for (const field of ['regressionId', 'progressionId'] as const) {
      const target = ex[field];
      if (target === null) continue;
      if (target === ex.id) throw new Error(`Exercise library: entry "${ex.id}" has itself as ${field}`);
      if (!byId.has(target)) throw new Error(`Exercise library: entry "${ex.id}" has ${field} "${target}", which is not in the library`);
    }
    if (ex.progressionId !== null) {
      const back = byId.get(ex.progressionId)?.regressionId;
      if (back !== ex.id) {
        throw new Error(
          `Exercise library: entry "${ex.id}" progresses to "${ex.progressionId}", but that regresses to ${back === null ? 'nothing' : `"${back}"`}`,
        );
      }
    }
    const primes = Object.values(ex.muscles).filter((credit) => credit === 1).length;
    if (primes > 1) throw new Error(`Exercise library: entry "${ex.id}" has ${primes} prime movers (at most 1)`);
    if (ex.kind === 'strength' && primes !== 1) {
      throw new Error(`Exercise library: entry "${ex.id}" is a strength exercise without a prime mover`);
    }
  }

  // Each ladder must end: following regressions (or progressions) reaches null.
  for (const ex of parsed) {
    for (const field of ['regressionId', 'progressionId'] as const) {
      const seen = new Set<string>([ex.id]);
      let next = ex[field];
      while (next !== null) {
        if (seen.has(next)) throw new Error(`Exercise library: entry "${ex.id}" is on a ${field} cycle through "${next}"`);
        seen.add(next);
        next = byId.get(next)?.[field] ?? null;
      }
    }
  }
  return parsed;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The validated library (frozen; parsed once at module load). */
export const exercises: readonly Exercise[] = deepFreeze(validateExerciseLibrary(RAW_EXERCISES));

const exerciseById: ReadonlyMap<string, Exercise> = new Map(exercises.map((ex) => [ex.id, ex]));

export function getExercise(id: string): Exercise | undefined {
  return exerciseById.get(id);
}

export function requireExercise(id: string): Exercise {
  const ex = exerciseById.get(id);
  if (!ex) throw new Error(`Unknown exercise "${id}"`);
  return ex;
}

/** A lookup over a given library (the default one, or a test/team library). */
export type ExerciseLookup = (id: string) => Exercise | undefined;

export function lookupIn(library: readonly Exercise[]): ExerciseLookup {
  if (library === exercises) return getExercise;
  const map = new Map(library.map((ex) => [ex.id, ex]));
  return (id) => map.get(id);
}
