// GET .../csv-sync/template: the header row (and an example row) an admin fills in (SPEC §5).
import { Controller, Get, Header, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { contentDisposition } from '../common/content-disposition';
import { CsvSyncEnabledGuard } from './csv-sync-enabled.guard';
import { TemplateQueryDto } from './dto/template-query.dto';
import { TemplateService } from './template.service';

@ApiTags('csv-sync')
@ApiBearerAuth()
@UseGuards(CsvSyncEnabledGuard)
@Controller('api/tenants/:tenantId/csv-sync/template')
export class TemplateController {
  constructor(private readonly templates: TemplateService) {}

  @Get()
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The CSV template: UTF-8 with BOM, the email column then the configured columns' })
  async template(
    @Param('tenantId') tenantId: string,
    @Query() query: TemplateQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const file = await this.templates.template(tenantId, query.action, query.example);
    void reply.header('content-disposition', contentDisposition(file.fileName));
    return file.content;
  }
}
