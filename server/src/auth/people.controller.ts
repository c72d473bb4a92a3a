import { Controller, Get } from '@nestjs/common';
import { Roles } from './auth.decorators';
import { AuthService } from './auth.service';

/**
 * Who is who: the display names of the people with accounts (a project's 挂点领导, an inspector), for
 * people who sign in (a screen reads only the board), so pages show names instead of ids. Screens are
 * not people; nothing else leaves.
 */
@Controller('api/people')
@Roles('admin', 'auditor', 'supervisor')
export class PeopleController {
  constructor(private readonly auth: AuthService) {}

  @Get()
  list(): { people: { id: string; name: string }[] } {
    const people = this.auth
      .listAccounts()
      .filter((a) => a.role !== 'screen' && a.status === 'active')
      .map((a) => ({ id: a.username, name: a.displayName }));
    return { people };
  }
}
