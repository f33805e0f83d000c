import { AuditWrites } from '../audit/audit-writes';
import { Body, Controller, Param, Patch, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthGuard } from '../auth/auth.guard';
import { Roles } from '../auth/auth.decorators';
import { CreateTaskDto, ReplaceAssignmentsDto, UpdateTaskDto } from './dto/task.dto';
import { TaskView } from './plans.service';
import { TasksAdminService } from './tasks-admin.service';

@ApiTags('plans (administration)')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Roles('administrator')
@AuditWrites('task')
@Controller('api/plans/:code/tasks')
export class TasksAdminController {
  constructor(private readonly admin: TasksAdminService) {}

  @Post()
  @ApiOperation({ summary: 'Add a task with its timeline, milestones, capital and agencies (administrator)' })
  create(@Param('code') code: string, @Body() dto: CreateTaskDto): Promise<TaskView> {
    return this.admin.create(code, dto);
  }

  @Patch(':taskCode')
  @ApiOperation({ summary: 'Change a task (URL-encode the code); a parent loop answers 400 TASK_PARENT_CYCLE' })
  update(@Param('code') code: string, @Param('taskCode') taskCode: string, @Body() dto: UpdateTaskDto): Promise<TaskView> {
    return this.admin.update(code, taskCode, dto);
  }

  @Put(':taskCode/assignments')
  @ApiOperation({ summary: 'Replace the lead and cooperating agencies of a task' })
  assignments(@Param('code') code: string, @Param('taskCode') taskCode: string, @Body() dto: ReplaceAssignmentsDto): Promise<TaskView> {
    return this.admin.replaceAssignments(code, taskCode, dto);
  }
}
