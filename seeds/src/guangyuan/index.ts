/** The static data of the Guangyuan demo: map, regions, people, task forces, projects, targets. */
export { GUANGYUAN_MAP_PATH, countyAt, countyGeometry, loadGuangyuanMap } from './map';
export { CITY, CITY_ID, COUNTIES, COUNTY_IDS, PARKS, REGIONS, countyById, parksIn } from './regions';
export type { County, CountyId, Park, Region } from './regions';
export { CITY_LEADERS, CITY_UNITS, INSPECTORS, PEOPLE, UNITS, countyLeaders, unitName } from './people';
export type { Person, PersonRole, Unit } from './people';
export { INDUSTRY_TASK_FORCES, LEADING_GROUP, TASK_FORCES, taskForceById } from './task-forces';
export type { TaskForce } from './task-forces';
export { NAMED_PROJECTS } from './named-projects';
export type { NamedProject } from './named-projects';
export { DEFAULT_PROJECT_SEED, STAGE_SHARES, buildProjects, stageQuota } from './projects';
export type { ProjectKind, ProjectSeed } from './projects';
export { INDICATOR_METRICS, REFERENCE_YEAR, buildIndicatorTargets } from './indicators';
export type { IndicatorMetric, IndicatorTarget } from './indicators';
export { DEFAULT_HISTORY_SEED, OFFICE_ACCOUNT, STATS_ACCOUNT, buildHistory, demoAccounts, historyDecider } from './history';
export type { DemoAccount, DemoCommand, DemoCommandKind, ReplaySink } from './history';
