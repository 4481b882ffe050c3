import { describe, expect, it } from 'vitest';
import { runDemo } from '../../src/demo';

// `npm start` without a token runs this script: it must play through, or the README's first command fails.
describe('the offline demo', () => {
  it('plays the whole story against the local Discord', { timeout: 60_000 }, async () => {
    const lines: string[] = [];
    await runDemo((line) => lines.push(line));
    const text = lines.join('\n');
    expect(text).toContain('✅ Backline is set up.');
    expect(text).toMatch(/Session sent by DM to 2: @Ana, @Ben/);
    expect(text).toMatch(/DMs closed for 1; they get a ping in the fallback channel/);
    // The form refuses RPE 11, then logs RPE 7; Ben's "8 45" is asked about, then logged with a pain flag.
    expect(text).toContain('Nothing was saved:\n    • RPE must be from 0 to 10 (you entered 11).');
    expect(text).toContain('✅ Logged **Glute & hamstring emphasis day** (Mon 23 Nov): RPE 7');
    expect(text).toContain('Was 8 your effort (RPE) or your pain?');
    expect(text).toContain('Your coaches will be told.');
    expect(text).toMatch(/Pain flag[\s\S]*@Ben reported pain 6\/10/);
    expect(text).toContain('Next session regressed after pain');
    expect(text).toContain('**You answered:** no, not yet.');
    expect(text).toContain('Weekly digest · 2026-W48');
    expect(text).toContain('team-load.png');
    expect(text).toContain('Your weeks');
    // Cal said no to storing reports: nothing of theirs is judged, and no health data reaches #training.
    expect(text).toContain('**No consent** Cal');
    const training = text
      .split('Backline in #training')
      .slice(1)
      .map((after) => after.split('\n\n')[0]!);
    expect(training.length).toBe(2);
    for (const ping of training) expect(ping).not.toMatch(/pain|RPE|\d+\/10/i);
  });
});
