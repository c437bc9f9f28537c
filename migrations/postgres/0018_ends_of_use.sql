-- A code's two end-of-use dates (seed 001 §6.7.1: "defined by the administration or the
-- principal"). end_of_use stays the one that applies, the earlier of the two, which every
-- query of a live mandate and the reminders read; each write keeps it so.
ALTER TABLE access_codes ADD COLUMN administration_end_of_use BIGINT;
ALTER TABLE access_codes ADD COLUMN principal_end_of_use BIGINT;
-- Who set a date so far is not recorded: it is kept as the administration's, the reading that
-- lengthens no one's access (a principal can still set an earlier one).
UPDATE access_codes SET administration_end_of_use = end_of_use;
