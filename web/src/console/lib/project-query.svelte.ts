import type { ProjectQueryValues } from './my-projects';

/** The list's search and filters; kept for the session, so coming back from a project keeps them. */
export class ProjectQuery implements ProjectQueryValues {
  text = $state('');
  taskForceId = $state('');
  regionId = $state('');
  stage = $state('');
  light = $state('');

  get active(): boolean {
    return Boolean(this.text || this.taskForceId || this.regionId || this.stage || this.light);
  }

  clear(): void {
    this.text = '';
    this.taskForceId = '';
    this.regionId = '';
    this.stage = '';
    this.light = '';
  }
}
