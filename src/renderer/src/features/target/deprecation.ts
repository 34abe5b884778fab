/**
 * The deprecation notice the target screen shows: the shared rule (src/shared/model/deprecation.ts),
 * the same one the engine uses, not a copy of it.
 */
export { daysUntilSunset, deprecationOf, successorName, URGENT_SUNSET_DAYS } from '../../../../shared/model/deprecation';
