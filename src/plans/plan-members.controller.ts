import { Controller, Delete, Get, HttpCode, Param, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, User } from '../auth/auth.decorators';
import { AuthGuard } from '../auth/auth.guard';
import type { CurrentUser } from '../auth/auth.types';
import { PlanMembersService, PlanMemberView } from './plan-members.service';

/** Who works on a plan besides its coordinating and recipient agencies' users (access scoped to plans). */
@ApiTags('plans (administration)')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Roles('administrator')
@Controller('api/plans/:code/members')
export class PlanMembersController {
  constructor(private readonly members: PlanMembersService) {}

  @Get()
  @ApiOperation({ summary: "The plan's named members (coordinators and leaders who work on it besides its agencies' users)" })
  list(@Param('code') code: string): Promise<PlanMemberView[]> {
    return this.members.list(code);
  }

  @Put(':username')
  @HttpCode(204)
  @ApiOperation({ summary: 'Name a user a member of the plan (204, also when they are one already)' })
  async add(@User() admin: CurrentUser, @Param('code') code: string, @Param('username') username: string): Promise<void> {
    await this.members.add(admin, code, username);
  }

  @Delete(':username')
  @HttpCode(204)
  @ApiOperation({ summary: "Remove a user from the plan's members (204, also when they were not one)" })
  async remove(@User() admin: CurrentUser, @Param('code') code: string, @Param('username') username: string): Promise<void> {
    await this.members.remove(admin, code, username);
  }
}
