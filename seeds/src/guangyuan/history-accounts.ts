/**
 * The simulated people who write the demo history, as accounts: every change on the board is signed
 * by one of them. City leaders act for the task forces they lead, county leaders for their county,
 * inspectors and the statistics bureau city-wide; the leading group's office (admin) keeps the
 * reference data (regions, task forces, targets) and awards the monthly red flag.
 */
import { CITY_LEADERS, INSPECTORS, countyLeaders } from './people';
import { CITY_ID, COUNTIES, COUNTY_IDS } from './regions';
import { TASK_FORCES } from './task-forces';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: 'admin' | 'supervisor';
  scopes: { taskForces: string[]; regions: string[] };
}

/** 市重点产业发展领导小组办公室: regions, task forces, targets, light rules, the red flag. */
export const OFFICE_ACCOUNT = 'office-01';
/** 市统计局: the monthly economic indicators of the city and every county. */
export const STATS_ACCOUNT = 'stats-01';

const ALL_REGIONS = [CITY_ID, ...COUNTY_IDS];

function leaderTaskForces(personId: string): string[] {
  return TASK_FORCES.filter((t) => t.chiefId === personId || t.deputyChiefIds.includes(personId)).map((t) => t.id);
}

export function demoAccounts(): DemoAccount[] {
  return [
    { username: OFFICE_ACCOUNT, displayName: '龚晓燕', role: 'admin', scopes: { taskForces: [], regions: [] } },
    { username: STATS_ACCOUNT, displayName: '韦国庆', role: 'supervisor', scopes: { taskForces: [], regions: [...ALL_REGIONS] } },
    ...CITY_LEADERS.map((p): DemoAccount => ({
      username: p.id,
      displayName: p.name,
      role: 'supervisor',
      scopes: { taskForces: leaderTaskForces(p.id), regions: [] },
    })),
    ...COUNTIES.flatMap((c) => countyLeaders(c.id)).map((p): DemoAccount => ({
      username: p.id,
      displayName: p.name,
      role: 'supervisor',
      scopes: { taskForces: [], regions: [p.regionId] },
    })),
    ...INSPECTORS.map((p): DemoAccount => ({
      username: p.id,
      displayName: p.name,
      role: 'supervisor',
      scopes: { taskForces: [], regions: [...ALL_REGIONS] },
    })),
  ];
}
