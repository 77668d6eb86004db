// GET /api/me: the role, name and tenant of the calling token (the web console's landing page depends on it).
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from './actor';
import { CurrentActor } from './auth.decorators';
import { MeDto } from './dto/me.dto';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('api/me')
export class MeController {
  @Get()
  @ApiOperation({ summary: 'Who the token belongs to: staff, or an admin of one tenant' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentActor() actor: Actor): MeDto {
    return MeDto.from(actor);
  }
}
