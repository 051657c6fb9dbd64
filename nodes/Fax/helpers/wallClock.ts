/**
 * Wall-clock time with luxon: zone names (`time/zones.ts`), wall time ↔ instant with the
 * daylight-saving gap and overlap and the explicit-offset check (`time/wallTime.ts`), and
 * provider scheduling windows (`time/scheduleWindow.ts`). This module only re-exports them so
 * callers keep one import.
 */
export { isValidTimeZone, resolveScheduleTimeZone, resolveTimeZone } from './time/zones';
export {
	formatUtc,
	formatWallClock,
	formatWallClockUnambiguous,
	wallClockToUtc,
	type GapPolicy,
	type OverlapPolicy,
	type WallClockOptions,
} from './time/wallTime';
export {
	checkScheduleWindow,
	formatDuration,
	type ScheduleWindow,
	type ScheduleWindowOptions,
} from './time/scheduleWindow';
