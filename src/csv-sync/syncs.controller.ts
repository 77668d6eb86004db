// The CSV sync routes of a tenant: upload, read a sync and its records, apply, cancel, revert (SPEC §6, §7, §10).
import {
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
  UseGuards,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { PageOf } from '../common/pagination';
import { CsvSyncEnabledGuard } from '../tenants/csv-sync-enabled.guard';
import { parseTimeRange } from '../common/time-range';
import { contentDisposition } from '../common/content-disposition';
import { RecordCsvQueryDto, RecordQueryDto } from './dto/record-query.dto';
import { RevertQueryDto } from './dto/revert-query.dto';
import { SyncListQueryDto } from './dto/sync-list-query.dto';
import { RecordDto } from './dto/record.dto';
import { SyncDto } from './dto/sync.dto';
import { UploadQueryDto } from './dto/upload-query.dto';
import { SyncExportService } from './sync-export.service';
import { SyncRevertService } from './sync-revert.service';
import { SyncUploadService } from './sync-upload.service';
import { SyncsService } from './syncs.service';
import { UploadGate } from './upload-gate.service';

const RecordPage = PageOf(RecordDto);
const SyncPage = PageOf(SyncDto);

@ApiTags('csv-sync')
@ApiBearerAuth()
@UseGuards(CsvSyncEnabledGuard)
@Controller('api/tenants/:tenantId/csv-sync/syncs')
export class SyncsController {
  constructor(
    private readonly uploads: SyncUploadService,
    private readonly gate: UploadGate,
    private readonly syncs: SyncsService,
    private readonly exports: SyncExportService,
    private readonly reverts: SyncRevertService,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Upload a CSV file; it is processed in the background' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key returns the first sync',
  })
  @ApiAcceptedResponse({ type: SyncDto, description: 'Accepted; Location names the sync' })
  async upload(
    @Param('tenantId') tenantId: string,
    @Query() query: UploadQueryDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SyncDto> {
    const sync = await this.gate.admit(tenantId, request, (file) =>
      this.uploads.accept(
        { tenantId, action: query.action, dryRun: query.dryRun, actor, idempotencyKey },
        file,
      ),
    );
    void reply.header('location', `/api/tenants/${tenantId}/csv-sync/syncs/${sync.id}`);
    return sync;
  }

  @Get()
  @ApiOperation({ summary: 'The User CSV Sync List: every synced file, newest first' })
  @ApiOkResponse({ type: SyncPage })
  list(@Param('tenantId') tenantId: string, @Query() query: SyncListQueryDto) {
    const { from, to } = parseTimeRange(query);
    return this.syncs.list(tenantId, { ...query, from, to });
  }

  @Get(':syncId')
  @ApiOperation({ summary: 'One sync: status, progress, counts, warnings' })
  @ApiOkResponse({ type: SyncDto })
  get(@Param('tenantId') tenantId: string, @Param('syncId') syncId: string): Promise<SyncDto> {
    return this.syncs.get(tenantId, syncId);
  }

  @Get(':syncId/records')
  @ApiOperation({ summary: 'What each row did, in line order' })
  @ApiOkResponse({ type: RecordPage })
  records(
    @Param('tenantId') tenantId: string,
    @Param('syncId') syncId: string,
    @Query() query: RecordQueryDto,
  ) {
    return this.syncs.records(tenantId, syncId, query);
  }

  @Get(':syncId/records.csv')
  @ApiOperation({
    summary: 'The records as CSV; with outcome=failed the error report, ready to fix and upload again',
  })
  @ApiProduces('text/csv')
  async recordsCsv(
    @Param('tenantId') tenantId: string,
    @Param('syncId') syncId: string,
    @Query() query: RecordCsvQueryDto,
  ): Promise<StreamableFile> {
    const download = await this.exports.export(tenantId, syncId, query.outcome);
    return new StreamableFile(download.stream, {
      type: 'text/csv; charset=utf-8',
      disposition: contentDisposition(download.fileName),
    });
  }

  @Post(':syncId/apply')
  @HttpCode(202)
  @ApiOperation({ summary: 'Apply a previewed sync, or confirm a delete stopped by the mass-delete guard' })
  @ApiAcceptedResponse({ type: SyncDto })
  apply(@Param('tenantId') tenantId: string, @Param('syncId') syncId: string, @CurrentActor() actor: Actor) {
    return this.syncs.apply(tenantId, syncId, actor);
  }

  @Post(':syncId/revert')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Revert a finished sync: a new sync of action revert undoes it from its outcome records',
    description:
      'Its added users are deleted, its updated attributes go back, its deleted users come back with their last ' +
      'attributes (and their former id); whatever changed since fails its row CHANGED_SINCE and is left alone. ' +
      'The revert is queued, guarded, applied in batches and recorded like an upload. Only a completed sync, or a ' +
      'cancelled one for the batches it applied, that changed users and is not reverted already can be reverted; ' +
      'otherwise 409 SYNC_STATE_CONFLICT says why.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key returns the first revert',
  })
  @ApiAcceptedResponse({ type: SyncDto, description: 'Accepted; Location names the revert' })
  @ApiConflictResponse({
    description:
      'SYNC_STATE_CONFLICT: the sync cannot be reverted (not final, a dry run, failed, changed no user, already ' +
      'reverted, records purged); IDEMPOTENCY_KEY_REUSED: the key was used for another request',
  })
  async revert(
    @Param('tenantId') tenantId: string,
    @Param('syncId') syncId: string,
    @Query() query: RevertQueryDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SyncDto> {
    const sync = await this.reverts.revert({ tenantId, syncId, dryRun: query.dryRun, actor, idempotencyKey });
    void reply.header('location', `/api/tenants/${tenantId}/csv-sync/syncs/${sync.id}`);
    return sync;
  }

  @Post(':syncId/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a sync; one that is running stops after its current batch' })
  @ApiOkResponse({ type: SyncDto })
  cancel(@Param('tenantId') tenantId: string, @Param('syncId') syncId: string, @CurrentActor() actor: Actor) {
    return this.syncs.cancel(tenantId, syncId, actor);
  }
}
