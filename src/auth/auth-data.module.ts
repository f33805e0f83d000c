import { Module } from '@nestjs/common';
import { AuthRepository } from './auth.repository';
import { SignInLinksRepository } from './sign-in-links.repository';
import { SignInLinks } from './sign-in-links.service';

/**
 * Accounts and sign-in links without the API's guards and controllers, for modules of every
 * role: the worker role does not load AuthModule, yet a plan import creates accounts and sends
 * their welcome links.
 */
@Module({
  providers: [AuthRepository, SignInLinksRepository, SignInLinks],
  exports: [AuthRepository, SignInLinksRepository, SignInLinks],
})
export class AuthDataModule {}
