-- Weekly staff digest: the status thresholds as team settings, defaulting to the reference
-- (shared/reference/sports-science.md). pain_limit (0001) is the pain line.
-- Where each default comes from (see src/domain/status.ts):
--   monotony 2.0 and strain 6000 AU: secondary-source alert lines for Foster 1998 (conventions);
--   ACWR 0.8 / 1.5: Gabbett 2016 zone edges (shown as load change only, Impellizzeri et al. 2020);
--   compliance 80 % amber (our convention: coach-led teams reach ~84 %), 50 % red (Ripley et al. 2021);
--   hard sets 10-20 per muscle per week: Schoenfeld et al. 2017 and the seeds.
ALTER TABLE teams ADD COLUMN monotony_alert REAL NOT NULL DEFAULT 2.0 CHECK (monotony_alert > 0);
ALTER TABLE teams ADD COLUMN strain_alert REAL NOT NULL DEFAULT 6000 CHECK (strain_alert > 0);
ALTER TABLE teams ADD COLUMN acwr_low REAL NOT NULL DEFAULT 0.8 CHECK (acwr_low >= 0);
ALTER TABLE teams ADD COLUMN acwr_high REAL NOT NULL DEFAULT 1.5 CHECK (acwr_high > acwr_low);
ALTER TABLE teams ADD COLUMN compliance_red REAL NOT NULL DEFAULT 0.5 CHECK (compliance_red BETWEEN 0 AND 1);
ALTER TABLE teams ADD COLUMN compliance_amber REAL NOT NULL DEFAULT 0.8 CHECK (compliance_amber BETWEEN compliance_red AND 1);
ALTER TABLE teams ADD COLUMN hard_set_min REAL NOT NULL DEFAULT 10 CHECK (hard_set_min >= 0);
ALTER TABLE teams ADD COLUMN hard_set_max REAL NOT NULL DEFAULT 20 CHECK (hard_set_max >= hard_set_min);

-- The digest's one session query reads a team's assignments by local date (assignments_by_date),
-- joins each check-in by its UNIQUE assignment_id and each pain follow-up by its UNIQUE
-- assignment_id; excusals are probed per athlete by excusals_by_athlete. The first-logged-session
-- query walks assignments_by_athlete_date. No further index is needed.
