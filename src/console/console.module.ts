import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ConsolePageController } from './console-page.controller.js';
import { ConsoleSessionController } from './console-session.controller.js';

/** The case workers' console in the browser: its files and its sessions (the screens use the public GraphQL API). */
@Module({
  imports: [AuthModule],
  controllers: [ConsolePageController, ConsoleSessionController],
})
export class ConsoleModule {}
