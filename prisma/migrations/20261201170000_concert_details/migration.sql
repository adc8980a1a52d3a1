-- What a fan needs to know before joining the line (issue 17): running time, age rating, poster. Seat grades
-- are the seat sections' names (migration 20261201100000_rooms_and_roles).
-- All nullable: concerts made before this migration (and by the organizer API) show what they have.
ALTER TABLE "concerts" ADD COLUMN "running_time_minutes" INTEGER,
  ADD COLUMN "age_rating" INTEGER,
  ADD COLUMN "poster_path" TEXT;

-- age_rating is the minimum age in full years (Korean ratings: 0 = all ages, 7, 12, 15, 19).
ALTER TABLE "concerts" ADD CONSTRAINT "concerts_running_time_positive"
  CHECK ("running_time_minutes" IS NULL OR "running_time_minutes" > 0);
ALTER TABLE "concerts" ADD CONSTRAINT "concerts_age_rating_range"
  CHECK ("age_rating" IS NULL OR "age_rating" BETWEEN 0 AND 19);
-- A site path under public/, never a URL elsewhere (no third-party requests from our pages).
ALTER TABLE "concerts" ADD CONSTRAINT "concerts_poster_path_local"
  CHECK ("poster_path" IS NULL OR "poster_path" ~ '^/[A-Za-z0-9._/-]+$');
