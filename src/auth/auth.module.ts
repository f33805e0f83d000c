import { Global, Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Global()
@Module({
  controllers: [AuthController, UsersController],
  providers: [AuthService, AuthGuard, UsersService],
  exports: [AuthService, AuthGuard],
})
export class AuthModule {}
