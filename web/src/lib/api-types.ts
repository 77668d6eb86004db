// Generated from the service's OpenAPI document by `npm run api-types` (scripts/web-api-types.mjs).
// Do not edit: change the DTOs in src/ and generate again.

export interface paths {
    "/api/audit-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit trail of every tenant (staff), newest first */
        get: operations["AuditController_listAll"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who the token belongs to: staff, or an admin of one tenant */
        get: operations["MeController_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List tenants: every tenant for staff, its own for an admin */
        get: operations["TenantsController_list"];
        put?: never;
        /** Create a tenant (staff); its CSV sync module starts off */
        post: operations["TenantsController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenants/{tenantId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One tenant with the state of its CSV sync module */
        get: operations["TenantsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenants/{tenantId}/audit-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A tenant's audit trail: staff actions and sync lifecycle events, newest first */
        get: operations["AuditController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenants/{tenantId}/csv-sync/activation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Switch the CSV sync module on or off (staff) */
        put: operations["CsvSyncSettingsController_setActivation"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenants/{tenantId}/csv-sync/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The current configuration and its version (staff and the tenant admins) */
        get: operations["CsvSyncSettingsController_getConfig"];
        /** Replace the configuration (staff); every change is a new version */
        put: operations["CsvSyncSettingsController_setConfig"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenants/{tenantId}/csv-sync/syncs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The User CSV Sync List: every synced file, newest first */
        get: operations["SyncsController_list"];
        put?: never;
        /** Upload a CSV file; it is processed in the background */
        post: operations["SyncsController_upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenants/{tenantId}/csv-sync/syncs/{syncId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One sync: status, progress, counts, warnings */
        get: operations["SyncsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenants/{tenantId}/csv-sync/syncs/{syncId}/apply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Apply a previewed sync, or confirm a delete stopped by the mass-delete guard */
        post: operations["SyncsController_apply"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenants/{tenantId}/csv-sync/syncs/{syncId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a sync; one that is running stops after its current batch */
        post: operations["SyncsController_cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenants/{tenantId}/csv-sync/syncs/{syncId}/records": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What each row did, in line order */
        get: operations["SyncsController_records"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenants/{tenantId}/csv-sync/syncs/{syncId}/records.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The records as CSV; with outcome=failed the error report, ready to fix and upload again */
        get: operations["SyncsController_recordsCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenants/{tenantId}/csv-sync/syncs/{syncId}/revert": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revert a finished sync: a new sync of action revert undoes it from its outcome records
         * @description Its added users are deleted, its updated attributes go back, its deleted users come back with their last attributes (and their former id); whatever changed since fails its row CHANGED_SINCE and is left alone. The revert is queued, guarded, applied in batches and recorded like an upload. Only a completed sync, or a cancelled one for the batches it applied, that changed users and is not reverted already can be reverted; otherwise 409 SYNC_STATE_CONFLICT says why.
         */
        post: operations["SyncsController_revert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenants/{tenantId}/csv-sync/template": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The CSV template: UTF-8 with BOM, the email column then the configured columns */
        get: operations["TemplateController_template"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenants/{tenantId}/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's admin tokens (without their secrets), oldest first */
        get: operations["TokensController_list"];
        put?: never;
        /** Issue an admin token for the tenant; the token is shown only in this answer */
        post: operations["TokensController_issue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenants/{tenantId}/tokens/{tokenId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a token; it stops working at once */
        delete: operations["TokensController_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenants/{tenantId}/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's users in email order; ?email= for one, ?q= to search */
        get: operations["UsersController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers */
        get: operations["HealthController_live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: PostgreSQL and Redis are reachable (503 otherwise) */
        get: operations["HealthController_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ActivationDto: {
            /** @example true */
            enabled: boolean;
        };
        AttributeConfigDto: {
            /**
             * @description The CSV column; matched case-insensitively
             * @example First Name
             */
            column: string;
            /**
             * @description date only; default YYYY-MM-DD
             * @example DD.MM.YYYY
             */
            format?: string;
            /** @example firstName */
            key: string;
            /** @description string only */
            maxLength?: number;
            /**
             * @description Must have a value for users being added
             * @default false
             */
            required: boolean;
            /**
             * @description list only
             * @default |
             */
            separator: string;
            /**
             * @example string
             * @enum {string}
             */
            type: "string" | "integer" | "number" | "boolean" | "date" | "enum" | "list";
            /**
             * @description enum and list only
             * @example [
             *       "R&D",
             *       "Sales",
             *       "HR"
             *     ]
             */
            values?: string[];
        };
        AuditEventDto: {
            /** @example csv_sync.configured */
            action: string;
            /**
             * @description The token's name, or staff
             * @example HR nightly job
             */
            actor: string;
            /** Format: date-time */
            createdAt: string;
            /**
             * @example {
             *       "version": 3
             *     }
             */
            details: Record<string, never>;
            /** @example 1042 */
            id: string;
            /** @example acme */
            tenantId: string | null;
        };
        AuditEventPageDto: {
            items: components["schemas"]["AuditEventDto"][];
            /** @description null on the last page */
            nextCursor: string | null;
        };
        CreateTenantDto: {
            /**
             * @description A slug: lower-case letters, digits and single hyphens
             * @example acme
             */
            id: string;
            /** @example ACME Corp */
            name: string;
        };
        CsvSyncStateDto: {
            /**
             * @description null until the module is configured
             * @example 3
             */
            configVersion: number | null;
            /** @example false */
            enabled: boolean;
        };
        IssuedTokenDto: {
            /** Format: date-time */
            createdAt: string;
            /** @example staff */
            createdBy: string;
            /** Format: uuid */
            id: string;
            /** @example HR nightly job */
            name: string;
            /** Format: date-time */
            revokedAt: string | null;
            /**
             * @description Shown once; only its hash is stored
             * @example ucs_3q2-7wEvQhK0...
             */
            token: string;
        };
        IssueTokenDto: {
            /**
             * @description Shown in the logs as the actor
             * @example HR nightly job
             */
            name: string;
        };
        MeDto: {
            /**
             * @description The token's name, or staff for the operator token
             * @example Jane Doe
             */
            name: string;
            /** @enum {string} */
            role: "staff" | "admin";
            /**
             * @description An admin's tenant; null for staff
             * @example acme
             */
            tenantId: string | null;
        };
        Object: Record<string, never>;
        RecordDto: {
            /**
             * @description What changed, per attribute key: for updates; for additions every value (from null); for deletions the user's last values (to null), so that a deletion can be traced and undone by hand; for a revert's row that failed CHANGED_SINCE, the attributes that went back all the same (else null)
             * @example {
             *       "department": {
             *         "from": "Sales",
             *         "to": "R&D"
             *       }
             *     }
             */
            changes: Record<string, never> | null;
            /** @example jane.doe@example.com */
            email: string | null;
            error: components["schemas"]["RowErrorDto"] | null;
            /**
             * @description The file's own line (the header is line 1)
             * @example 7
             */
            line: number;
            /** @enum {string} */
            outcome: "added" | "updated" | "unchanged" | "deleted" | "not_found" | "failed";
        };
        RecordPageDto: {
            items: components["schemas"]["RecordDto"][];
            /** @description null on the last page */
            nextCursor: string | null;
        };
        RowErrorDto: {
            /**
             * @example INVALID_DATE
             * @enum {string}
             */
            code: "INVALID_EMAIL" | "DUPLICATE_IN_FILE" | "REQUIRED_VALUE_MISSING" | "TOO_MANY_COLUMNS" | "TOO_FEW_COLUMNS" | "VALUE_TOO_LONG" | "INVALID_CHARACTER" | "INVALID_INTEGER" | "INVALID_NUMBER" | "INVALID_BOOLEAN" | "INVALID_DATE" | "INVALID_ENUM_VALUE" | "INVALID_LIST_VALUE" | "CHANGED_SINCE";
            /**
             * @description The header's spelling
             * @example Start Date
             */
            column: string | null;
            /** @example Start Date: "2026-02-30" is not a date in the format YYYY-MM-DD */
            message: string;
        };
        SyncConfigDto: {
            attributes: components["schemas"]["AttributeConfigDto"][];
            /** @default 50 */
            deleteGuardPercent: number;
            /** @example Email */
            emailColumn: string;
            /**
             * @default keep
             * @enum {string}
             */
            emptyCell: "keep" | "clear";
            /**
             * @default reject
             * @enum {string}
             */
            unknownColumns: "reject" | "ignore";
            /** @description The version this change is based on; when given and no longer current, the change is refused (409) */
            version?: number;
        };
        SyncConfigResponseDto: {
            attributes: components["schemas"]["AttributeConfigDto"][];
            /** @default 50 */
            deleteGuardPercent: number;
            /** @example Email */
            emailColumn: string;
            /**
             * @default keep
             * @enum {string}
             */
            emptyCell: "keep" | "clear";
            /**
             * @default reject
             * @enum {string}
             */
            unknownColumns: "reject" | "ignore";
            /** Format: date-time */
            updatedAt: string;
            /** @example staff */
            updatedBy: string;
            /**
             * @description The version of this configuration
             * @example 3
             */
            version: number;
        };
        SyncCountsDto: {
            /** @example 120 */
            added: number;
            /** @example 0 */
            deleted: number;
            /** @example 40 */
            failed: number;
            /** @example 0 */
            notFound: number;
            /**
             * @description Data rows in the file
             * @example 20000
             */
            total: number;
            /** @example 19500 */
            unchanged: number;
            /** @example 340 */
            updated: number;
        };
        SyncDto: {
            /**
             * @description upsert (Add/Update) or delete: an uploaded file; revert: undoes the sync named by revertOf
             * @enum {string}
             */
            action: "upsert" | "delete" | "revert";
            /**
             * @description The uploading token's name, or staff
             * @example HR nightly job
             */
            actor: string;
            /**
             * @description The configuration version the file was validated against
             * @example 3
             */
            configVersion: number;
            counts: components["schemas"]["SyncCountsDto"];
            /** Format: date-time */
            createdAt: string;
            /** @example ; */
            delimiter: string;
            /** @description Computes outcomes without changing users, until applied */
            dryRun: boolean;
            /** @enum {string} */
            encoding: "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";
            /** @description Why the sync itself failed */
            error: components["schemas"]["SyncErrorDto"] | null;
            /**
             * @description The uploaded file's name; for a revert, the file name of the sync it reverts
             * @example users-2026-11-25.csv
             */
            fileName: string;
            /** Format: date-time */
            finishedAt: string | null;
            /** Format: uuid */
            id: string;
            progress: components["schemas"]["SyncProgressDto"];
            /**
             * Format: uuid
             * @description The revert of this sync, unless there is none or it failed or was cancelled (then the sync may be reverted again)
             */
            revertedBy: string | null;
            /**
             * Format: uuid
             * @description For a revert: the sync it reverts; null for an uploaded file
             */
            revertOf: string | null;
            /** Format: date-time */
            startedAt: string | null;
            /** @enum {string} */
            status: "queued" | "processing" | "previewed" | "awaiting_confirmation" | "completed" | "completed_with_errors" | "failed" | "cancelled";
            /** @example acme */
            tenantId: string;
            warnings: components["schemas"]["SyncWarningDto"][];
        };
        SyncErrorDto: {
            /** @example PROCESSING_FAILED */
            code: string;
            message: string;
        };
        SyncPageDto: {
            items: components["schemas"]["SyncDto"][];
            /** @description null on the last page */
            nextCursor: string | null;
        };
        SyncProgressDto: {
            /**
             * @description Whole percent of rows processed
             * @example 25
             */
            percent: number;
            /** @example 5000 */
            processedRows: number;
            /** @example 20000 */
            totalRows: number;
        };
        SyncWarningDto: {
            /** @example WINDOWS_1252 */
            code: string;
            /** @example The file is not UTF-8; it was read as Windows-1252 (Excel "CSV" on Windows) */
            message: string;
        };
        TenantDto: {
            /** Format: date-time */
            createdAt: string;
            csvSync: components["schemas"]["CsvSyncStateDto"];
            /** @example acme */
            id: string;
            /** @example ACME Corp */
            name: string;
            /** Format: date-time */
            updatedAt: string;
        };
        TenantPageDto: {
            items: components["schemas"]["TenantDto"][];
            /** @description null on the last page */
            nextCursor: string | null;
        };
        TokenDto: {
            /** Format: date-time */
            createdAt: string;
            /** @example staff */
            createdBy: string;
            /** Format: uuid */
            id: string;
            /** @example HR nightly job */
            name: string;
            /** Format: date-time */
            revokedAt: string | null;
        };
        TokenPageDto: {
            items: components["schemas"]["TokenDto"][];
            /** @description null on the last page */
            nextCursor: string | null;
        };
        UserDto: {
            /**
             * @example {
             *       "firstName": "Jane",
             *       "lastName": "Doe",
             *       "department": "R&D",
             *       "groups": [
             *         "Scouts"
             *       ]
             *     }
             */
            attributes: Record<string, never>;
            /** Format: date-time */
            createdAt: string;
            /** @example jane.doe@example.com */
            email: string;
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            updatedAt: string;
        };
        UserPageDto: {
            items: components["schemas"]["UserDto"][];
            /** @description null on the last page */
            nextCursor: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    AuditController_listAll: {
        parameters: {
            query?: {
                /** @description One or several, comma-separated */
                action?: ("tenant.created" | "csv_sync.activated" | "csv_sync.deactivated" | "csv_sync.configured" | "token.issued" | "token.revoked" | "sync.uploaded" | "sync.previewed" | "sync.awaiting_confirmation" | "sync.applied" | "sync.cancelled" | "sync.completed" | "sync.failed" | "logs.purged")[];
                /** @description The `nextCursor` of the previous page */
                cursor?: string;
                /** @description Only items created at or after this time (ISO 8601) */
                from?: string;
                limit?: number;
                /** @description Only items created at or before this time; a date alone means the end of that day (UTC) */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEventPageDto"];
                };
            };
        };
    };
    MeController_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeDto"];
                };
            };
        };
    };
    TenantsController_list: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantPageDto"];
                };
            };
        };
    };
    TenantsController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTenantDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantDto"];
                };
            };
        };
    };
    TenantsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantDto"];
                };
            };
        };
    };
    AuditController_list: {
        parameters: {
            query?: {
                /** @description One or several, comma-separated */
                action?: ("tenant.created" | "csv_sync.activated" | "csv_sync.deactivated" | "csv_sync.configured" | "token.issued" | "token.revoked" | "sync.uploaded" | "sync.previewed" | "sync.awaiting_confirmation" | "sync.applied" | "sync.cancelled" | "sync.completed" | "sync.failed" | "logs.purged")[];
                /** @description The `nextCursor` of the previous page */
                cursor?: string;
                /** @description Only items created at or after this time (ISO 8601) */
                from?: string;
                limit?: number;
                /** @description Only items created at or before this time; a date alone means the end of that day (UTC) */
                to?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEventPageDto"];
                };
            };
        };
    };
    CsvSyncSettingsController_setActivation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ActivationDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantDto"];
                };
            };
        };
    };
    CsvSyncSettingsController_getConfig: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncConfigResponseDto"];
                };
            };
        };
    };
    CsvSyncSettingsController_setConfig: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SyncConfigDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncConfigResponseDto"];
                };
            };
        };
    };
    SyncsController_list: {
        parameters: {
            query?: {
                action?: "upsert" | "delete" | "revert";
                /** @description The `nextCursor` of the previous page */
                cursor?: string;
                /** @description Only dry runs (true) or only real syncs (false) */
                dryRun?: boolean;
                /** @description Only items created at or after this time (ISO 8601) */
                from?: string;
                limit?: number;
                /** @description One or several, comma-separated */
                status?: ("queued" | "processing" | "previewed" | "awaiting_confirmation" | "completed" | "completed_with_errors" | "failed" | "cancelled")[];
                /** @description Only items created at or before this time; a date alone means the end of that day (UTC) */
                to?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncPageDto"];
                };
            };
        };
    };
    SyncsController_upload: {
        parameters: {
            query: {
                /** @description Add/Update users, or delete the listed emails */
                action: "upsert" | "delete";
                /** @description Compute every outcome without changing any user */
                dryRun?: components["schemas"]["Object"];
            };
            header?: {
                /** @description A retry with the same key returns the first sync */
                "Idempotency-Key"?: string;
            };
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /** Format: binary */
                    file: string;
                };
            };
        };
        responses: {
            /** @description Accepted; Location names the sync */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncDto"];
                };
            };
        };
    };
    SyncsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                syncId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncDto"];
                };
            };
        };
    };
    SyncsController_apply: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                syncId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncDto"];
                };
            };
        };
    };
    SyncsController_cancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                syncId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncDto"];
                };
            };
        };
    };
    SyncsController_records: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page */
                cursor?: string;
                limit?: number;
                /** @description One or several, comma-separated; `failed` alone gives the error report */
                outcome?: ("added" | "updated" | "unchanged" | "deleted" | "not_found" | "failed")[];
            };
            header?: never;
            path: {
                syncId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordPageDto"];
                };
            };
        };
    };
    SyncsController_recordsCsv: {
        parameters: {
            query?: {
                /** @description One or several, comma-separated; `failed` alone gives the error report */
                outcome?: ("added" | "updated" | "unchanged" | "deleted" | "not_found" | "failed")[];
            };
            header?: never;
            path: {
                syncId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    SyncsController_revert: {
        parameters: {
            query?: {
                /** @description Compute every outcome of the revert without changing any user (previewed, then POST …/apply) */
                dryRun?: boolean;
            };
            header?: {
                /** @description A retry with the same key returns the first revert */
                "Idempotency-Key"?: string;
            };
            path: {
                syncId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted; Location names the revert */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncDto"];
                };
            };
            /** @description SYNC_STATE_CONFLICT: the sync cannot be reverted (not final, a dry run, failed, changed no user, already reverted, records purged); IDEMPOTENCY_KEY_REUSED: the key was used for another request */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    TemplateController_template: {
        parameters: {
            query?: {
                action?: "upsert" | "delete";
                /** @description Add one example row made from the types */
                example?: components["schemas"]["Object"];
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    TokensController_list: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPageDto"];
                };
            };
        };
    };
    TokensController_issue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IssueTokenDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssuedTokenDto"];
                };
            };
        };
    };
    TokensController_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                tokenId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    UsersController_list: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page */
                cursor?: string;
                /** @description Exactly this email (case-insensitive) */
                email?: string;
                limit?: number;
                /** @description Text found in the email or in any attribute value (case-insensitive) */
                q?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserPageDto"];
                };
            };
        };
    };
    HealthController_live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    HealthController_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
