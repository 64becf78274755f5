IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL
BEGIN
    CREATE TABLE [__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [AnnouncementCampaigns] (
        [Id] uniqueidentifier NOT NULL,
        [Template] nvarchar(64) NOT NULL,
        [Audience] nvarchar(1000) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [CreatedById] uniqueidentifier NULL,
        [CreatedByEmail] nvarchar(256) NULL,
        [Status] int NOT NULL,
        [RecipientCount] int NOT NULL,
        [StartedAt] datetimeoffset NULL,
        [FinishedAt] datetimeoffset NULL,
        [LastError] nvarchar(1000) NULL,
        [NextAttemptAt] datetimeoffset NULL,
        CONSTRAINT [PK_AnnouncementCampaigns] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [AspNetRoles] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(256) NULL,
        [NormalizedName] nvarchar(256) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoles] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [AuditEvents] (
        [Id] bigint NOT NULL IDENTITY,
        [At] datetimeoffset NOT NULL,
        [Type] nvarchar(64) NOT NULL,
        [ActorId] uniqueidentifier NULL,
        [ActorEmail] nvarchar(256) NULL,
        [SubjectId] uniqueidentifier NULL,
        [SubjectEmail] nvarchar(256) NULL,
        [BuildingId] uniqueidentifier NULL,
        [IpAddress] nvarchar(64) NULL,
        [Reason] nvarchar(1000) NULL,
        [Details] nvarchar(4000) NULL,
        CONSTRAINT [PK_AuditEvents] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [Buildings] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(120) NOT NULL,
        [Address] nvarchar(200) NOT NULL,
        [Suburb] nvarchar(80) NOT NULL,
        [State] nvarchar(10) NOT NULL,
        [Postcode] nvarchar(10) NOT NULL,
        CONSTRAINT [PK_Buildings] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [CutoverPhases] (
        [Client] int NOT NULL,
        [AppliedThrough] int NOT NULL,
        [FirstRunAt] datetimeoffset NULL,
        [LastRunAt] datetimeoffset NULL,
        [CompletedAt] datetimeoffset NULL,
        [SessionsEnded] int NOT NULL,
        [StartsAt] datetimeoffset NULL,
        [EndsAt] datetimeoffset NULL,
        [SpreadFrom] datetimeoffset NULL,
        [PausedAt] datetimeoffset NULL,
        [PausedFor] bigint NOT NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_CutoverPhases] PRIMARY KEY ([Client])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [CutoverRuns] (
        [Id] bigint NOT NULL IDENTITY,
        [Client] int NOT NULL,
        [FromPosition] int NOT NULL,
        [ToPosition] int NOT NULL,
        [DueAt] datetimeoffset NOT NULL,
        [StartedAt] datetimeoffset NOT NULL,
        [FinishedAt] datetimeoffset NOT NULL,
        [SessionsEnded] int NOT NULL,
        [Instance] nvarchar(200) NOT NULL,
        CONSTRAINT [PK_CutoverRuns] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [DataProtectionKeys] (
        [Id] int NOT NULL IDENTITY,
        [FriendlyName] nvarchar(max) NULL,
        [Xml] nvarchar(max) NULL,
        CONSTRAINT [PK_DataProtectionKeys] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [OutboxMessages] (
        [Id] uniqueidentifier NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [To] nvarchar(256) NOT NULL,
        [ToName] nvarchar(200) NULL,
        [Subject] nvarchar(300) NOT NULL,
        [HtmlBody] nvarchar(max) NOT NULL,
        [TextBody] nvarchar(max) NOT NULL,
        [Template] nvarchar(64) NOT NULL,
        CONSTRAINT [PK_OutboxMessages] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [ThrottleSlots] (
        [Key] nvarchar(100) NOT NULL,
        [Slot] int NOT NULL,
        [UsedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_ThrottleSlots] PRIMARY KEY ([Key], [Slot])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [AnnouncementRecipients] (
        [Id] bigint NOT NULL IDENTITY,
        [CampaignId] uniqueidentifier NOT NULL,
        [UserId] uniqueidentifier NOT NULL,
        [BuildingId] uniqueidentifier NULL,
        [Email] nvarchar(256) NOT NULL,
        [GivenName] nvarchar(100) NOT NULL,
        [FamilyName] nvarchar(100) NOT NULL,
        [Status] int NOT NULL,
        [BatchId] uniqueidentifier NULL,
        [ClaimedAt] datetimeoffset NULL,
        [CompletedAt] datetimeoffset NULL,
        [Error] nvarchar(1000) NULL,
        CONSTRAINT [PK_AnnouncementRecipients] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AnnouncementRecipients_AnnouncementCampaigns_CampaignId] FOREIGN KEY ([CampaignId]) REFERENCES [AnnouncementCampaigns] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [AspNetRoleClaims] (
        [Id] int NOT NULL IDENTITY,
        [RoleId] uniqueidentifier NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoleClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetRoleClaims_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [AnnouncementCampaignBuildings] (
        [CampaignId] uniqueidentifier NOT NULL,
        [BuildingId] uniqueidentifier NOT NULL,
        CONSTRAINT [PK_AnnouncementCampaignBuildings] PRIMARY KEY ([CampaignId], [BuildingId]),
        CONSTRAINT [FK_AnnouncementCampaignBuildings_AnnouncementCampaigns_CampaignId] FOREIGN KEY ([CampaignId]) REFERENCES [AnnouncementCampaigns] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_AnnouncementCampaignBuildings_Buildings_BuildingId] FOREIGN KEY ([BuildingId]) REFERENCES [Buildings] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [AspNetUsers] (
        [Id] uniqueidentifier NOT NULL,
        [GivenName] nvarchar(100) NOT NULL,
        [FamilyName] nvarchar(100) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [InvitedAt] datetimeoffset NULL,
        [ActivatedAt] datetimeoffset NULL,
        [BuildingId] uniqueidentifier NULL,
        [Unit] nvarchar(20) NULL,
        [SecondFactorFailedCount] int NOT NULL,
        [SecondFactorFailedSince] datetimeoffset NULL,
        [PasswordKnownAlertSentAt] datetimeoffset NULL,
        [UserName] nvarchar(256) NULL,
        [NormalizedUserName] nvarchar(256) NULL,
        [Email] nvarchar(256) NULL,
        [NormalizedEmail] nvarchar(256) NULL,
        [EmailConfirmed] bit NOT NULL,
        [PasswordHash] nvarchar(max) NULL,
        [SecurityStamp] nvarchar(max) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        [PhoneNumber] nvarchar(256) NULL,
        [PhoneNumberConfirmed] bit NOT NULL,
        [TwoFactorEnabled] bit NOT NULL,
        [LockoutEnd] datetimeoffset NULL,
        [LockoutEnabled] bit NOT NULL,
        [AccessFailedCount] int NOT NULL,
        CONSTRAINT [PK_AspNetUsers] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetUsers_Buildings_BuildingId] FOREIGN KEY ([BuildingId]) REFERENCES [Buildings] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [BuildingNotices] (
        [Id] uniqueidentifier NOT NULL,
        [BuildingId] uniqueidentifier NOT NULL,
        [Title] nvarchar(200) NOT NULL,
        [Body] nvarchar(4000) NOT NULL,
        [PublishedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_BuildingNotices] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_BuildingNotices_Buildings_BuildingId] FOREIGN KEY ([BuildingId]) REFERENCES [Buildings] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [AccountLinks] (
        [Id] uniqueidentifier NOT NULL,
        [UserId] uniqueidentifier NOT NULL,
        [Purpose] int NOT NULL,
        [TokenHash] varbinary(32) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [ExpiresAt] datetimeoffset NOT NULL,
        [UsedAt] datetimeoffset NULL,
        [SupersededAt] datetimeoffset NULL,
        CONSTRAINT [PK_AccountLinks] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AccountLinks_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [AppSignInTickets] (
        [Id] uniqueidentifier NOT NULL,
        [UserId] uniqueidentifier NOT NULL,
        [IssuedAt] datetimeoffset NOT NULL,
        [ExpiresAt] datetimeoffset NOT NULL,
        [UsedAt] datetimeoffset NULL,
        CONSTRAINT [PK_AppSignInTickets] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AppSignInTickets_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [AspNetUserClaims] (
        [Id] int NOT NULL IDENTITY,
        [UserId] uniqueidentifier NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetUserClaims_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [AspNetUserLogins] (
        [LoginProvider] nvarchar(128) NOT NULL,
        [ProviderKey] nvarchar(128) NOT NULL,
        [ProviderDisplayName] nvarchar(max) NULL,
        [UserId] uniqueidentifier NOT NULL,
        CONSTRAINT [PK_AspNetUserLogins] PRIMARY KEY ([LoginProvider], [ProviderKey]),
        CONSTRAINT [FK_AspNetUserLogins_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [AspNetUserPasskeys] (
        [CredentialId] varbinary(1024) NOT NULL,
        [UserId] uniqueidentifier NOT NULL,
        [Data] nvarchar(max) NOT NULL,
        CONSTRAINT [PK_AspNetUserPasskeys] PRIMARY KEY ([CredentialId]),
        CONSTRAINT [FK_AspNetUserPasskeys_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [AspNetUserRoles] (
        [UserId] uniqueidentifier NOT NULL,
        [RoleId] uniqueidentifier NOT NULL,
        CONSTRAINT [PK_AspNetUserRoles] PRIMARY KEY ([UserId], [RoleId]),
        CONSTRAINT [FK_AspNetUserRoles_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_AspNetUserRoles_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [AspNetUserTokens] (
        [UserId] uniqueidentifier NOT NULL,
        [LoginProvider] nvarchar(128) NOT NULL,
        [Name] nvarchar(128) NOT NULL,
        [Value] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserTokens] PRIMARY KEY ([UserId], [LoginProvider], [Name]),
        CONSTRAINT [FK_AspNetUserTokens_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [BuildingManagers] (
        [BuildingId] uniqueidentifier NOT NULL,
        [ManagerId] uniqueidentifier NOT NULL,
        [AssignedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_BuildingManagers] PRIMARY KEY ([ManagerId], [BuildingId]),
        CONSTRAINT [FK_BuildingManagers_AspNetUsers_ManagerId] FOREIGN KEY ([ManagerId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_BuildingManagers_Buildings_BuildingId] FOREIGN KEY ([BuildingId]) REFERENCES [Buildings] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [EmailCodeChallenges] (
        [Id] uniqueidentifier NOT NULL,
        [UserId] uniqueidentifier NOT NULL,
        [AttemptId] uniqueidentifier NOT NULL,
        [Purpose] int NOT NULL,
        [Salt] varbinary(16) NOT NULL,
        [Hash] varbinary(32) NOT NULL,
        [SentAt] datetimeoffset NOT NULL,
        [WrongEntries] int NOT NULL,
        [UsedAt] datetimeoffset NULL,
        [VoidedAt] datetimeoffset NULL,
        CONSTRAINT [PK_EmailCodeChallenges] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_EmailCodeChallenges_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [RecoveryCodes] (
        [Id] uniqueidentifier NOT NULL,
        [UserId] uniqueidentifier NOT NULL,
        [Salt] varbinary(16) NOT NULL,
        [Hash] varbinary(32) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [UsedAt] datetimeoffset NULL,
        CONSTRAINT [PK_RecoveryCodes] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_RecoveryCodes_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [ResidentReminders] (
        [Id] bigint NOT NULL IDENTITY,
        [UserId] uniqueidentifier NOT NULL,
        [BuildingId] uniqueidentifier NOT NULL,
        [Kind] int NOT NULL,
        [SentAt] datetimeoffset NOT NULL,
        [SentById] uniqueidentifier NULL,
        [BatchId] uniqueidentifier NOT NULL,
        CONSTRAINT [PK_ResidentReminders] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ResidentReminders_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [StepUpVerifications] (
        [Id] bigint NOT NULL IDENTITY,
        [UserId] uniqueidentifier NOT NULL,
        [SignInId] uniqueidentifier NOT NULL,
        [VerifiedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_StepUpVerifications] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_StepUpVerifications_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [UserFactors] (
        [Id] uniqueidentifier NOT NULL,
        [UserId] uniqueidentifier NOT NULL,
        [Kind] int NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [AddedAt] datetimeoffset NOT NULL,
        [LastUsedAt] datetimeoffset NULL,
        [IsDefault] bit NOT NULL,
        [CredentialId] varbinary(1024) NULL,
        [LastAcceptedTimeStep] bigint NULL,
        CONSTRAINT [PK_UserFactors] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_UserFactors_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [UserSessions] (
        [Id] uniqueidentifier NOT NULL,
        [UserId] uniqueidentifier NOT NULL,
        [Client] int NOT NULL,
        [Brand] nvarchar(64) NULL,
        [Device] nvarchar(200) NOT NULL,
        [DeviceId] nvarchar(128) NULL,
        [AppVersion] nvarchar(32) NULL,
        [IpAddress] nvarchar(64) NULL,
        [SignInMethod] int NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [LastSeenAt] datetimeoffset NOT NULL,
        [ExpiresAt] datetimeoffset NOT NULL,
        [EndedAt] datetimeoffset NULL,
        [EndReason] int NULL,
        [EndedById] uniqueidentifier NULL,
        [SpreadPosition] int NOT NULL,
        CONSTRAINT [PK_UserSessions] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_UserSessions_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE TABLE [AppRefreshTokens] (
        [Id] uniqueidentifier NOT NULL,
        [SessionId] uniqueidentifier NOT NULL,
        [TokenHash] varbinary(32) NOT NULL,
        [DeviceId] nvarchar(128) NOT NULL,
        [Client] int NOT NULL,
        [Brand] nvarchar(64) NULL,
        [AppVersion] nvarchar(32) NOT NULL,
        [IssuedAt] datetimeoffset NOT NULL,
        [ExpiresAt] datetimeoffset NOT NULL,
        [UsedAt] datetimeoffset NULL,
        CONSTRAINT [PK_AppRefreshTokens] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AppRefreshTokens_UserSessions_SessionId] FOREIGN KEY ([SessionId]) REFERENCES [UserSessions] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    IF EXISTS (SELECT * FROM [sys].[identity_columns] WHERE [name] IN (N'Client', N'AppliedThrough', N'CompletedAt', N'EndsAt', N'FirstRunAt', N'LastRunAt', N'PausedAt', N'PausedFor', N'SessionsEnded', N'SpreadFrom', N'StartsAt', N'Version') AND [object_id] = OBJECT_ID(N'[CutoverPhases]'))
        SET IDENTITY_INSERT [CutoverPhases] ON;
    EXEC(N'INSERT INTO [CutoverPhases] ([Client], [AppliedThrough], [CompletedAt], [EndsAt], [FirstRunAt], [LastRunAt], [PausedAt], [PausedFor], [SessionsEnded], [SpreadFrom], [StartsAt], [Version])
    VALUES (1, 0, NULL, NULL, NULL, NULL, NULL, CAST(0 AS bigint), 0, NULL, NULL, 0),
    (2, 0, NULL, NULL, NULL, NULL, NULL, CAST(0 AS bigint), 0, NULL, NULL, 0),
    (3, 0, NULL, NULL, NULL, NULL, NULL, CAST(0 AS bigint), 0, NULL, NULL, 0),
    (4, 0, NULL, NULL, NULL, NULL, NULL, CAST(0 AS bigint), 0, NULL, NULL, 0)');
    IF EXISTS (SELECT * FROM [sys].[identity_columns] WHERE [name] IN (N'Client', N'AppliedThrough', N'CompletedAt', N'EndsAt', N'FirstRunAt', N'LastRunAt', N'PausedAt', N'PausedFor', N'SessionsEnded', N'SpreadFrom', N'StartsAt', N'Version') AND [object_id] = OBJECT_ID(N'[CutoverPhases]'))
        SET IDENTITY_INSERT [CutoverPhases] OFF;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AccountLinks_ExpiresAt] ON [AccountLinks] ([ExpiresAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE UNIQUE INDEX [IX_AccountLinks_TokenHash] ON [AccountLinks] ([TokenHash]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    EXEC(N'CREATE INDEX [IX_AccountLinks_UsedAt] ON [AccountLinks] ([UsedAt]) WHERE [UsedAt] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AccountLinks_UserId_Purpose] ON [AccountLinks] ([UserId], [Purpose]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AnnouncementCampaignBuildings_BuildingId] ON [AnnouncementCampaignBuildings] ([BuildingId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AnnouncementCampaigns_CreatedAt] ON [AnnouncementCampaigns] ([CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AnnouncementCampaigns_Status_CreatedAt] ON [AnnouncementCampaigns] ([Status], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AnnouncementRecipients_BatchId] ON [AnnouncementRecipients] ([BatchId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AnnouncementRecipients_BuildingId_Status] ON [AnnouncementRecipients] ([BuildingId], [Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AnnouncementRecipients_CampaignId_Status_Id] ON [AnnouncementRecipients] ([CampaignId], [Status], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE UNIQUE INDEX [IX_AnnouncementRecipients_CampaignId_UserId] ON [AnnouncementRecipients] ([CampaignId], [UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AnnouncementRecipients_UserId_Status] ON [AnnouncementRecipients] ([UserId], [Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AppRefreshTokens_SessionId] ON [AppRefreshTokens] ([SessionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE UNIQUE INDEX [IX_AppRefreshTokens_TokenHash] ON [AppRefreshTokens] ([TokenHash]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AppSignInTickets_ExpiresAt] ON [AppSignInTickets] ([ExpiresAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AppSignInTickets_UserId] ON [AppSignInTickets] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AspNetRoleClaims_RoleId] ON [AspNetRoleClaims] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [RoleNameIndex] ON [AspNetRoles] ([NormalizedName]) WHERE [NormalizedName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AspNetUserClaims_UserId] ON [AspNetUserClaims] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AspNetUserLogins_UserId] ON [AspNetUserLogins] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AspNetUserPasskeys_UserId] ON [AspNetUserPasskeys] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AspNetUserRoles_RoleId] ON [AspNetUserRoles] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [EmailIndex] ON [AspNetUsers] ([NormalizedEmail]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AspNetUsers_BuildingId_ActivatedAt] ON [AspNetUsers] ([BuildingId], [ActivatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AspNetUsers_BuildingId_FamilyName_GivenName] ON [AspNetUsers] ([BuildingId], [FamilyName], [GivenName]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AspNetUsers_FamilyName_GivenName] ON [AspNetUsers] ([FamilyName], [GivenName]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AspNetUsers_GivenName] ON [AspNetUsers] ([GivenName]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [UserNameIndex] ON [AspNetUsers] ([NormalizedUserName]) WHERE [NormalizedUserName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AuditEvents_ActorId_At] ON [AuditEvents] ([ActorId], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AuditEvents_At] ON [AuditEvents] ([At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AuditEvents_SubjectId_At] ON [AuditEvents] ([SubjectId], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_AuditEvents_Type_At] ON [AuditEvents] ([Type], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_BuildingManagers_BuildingId] ON [BuildingManagers] ([BuildingId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_BuildingNotices_BuildingId_PublishedAt] ON [BuildingNotices] ([BuildingId], [PublishedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_Buildings_Name] ON [Buildings] ([Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE UNIQUE INDEX [IX_CutoverRuns_Client_FromPosition] ON [CutoverRuns] ([Client], [FromPosition]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_EmailCodeChallenges_AttemptId_SentAt] ON [EmailCodeChallenges] ([AttemptId], [SentAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_EmailCodeChallenges_SentAt] ON [EmailCodeChallenges] ([SentAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_EmailCodeChallenges_UserId_SentAt] ON [EmailCodeChallenges] ([UserId], [SentAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_OutboxMessages_CreatedAt] ON [OutboxMessages] ([CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_OutboxMessages_To_CreatedAt] ON [OutboxMessages] ([To], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_RecoveryCodes_UserId] ON [RecoveryCodes] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_ResidentReminders_UserId_SentAt] ON [ResidentReminders] ([UserId], [SentAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_StepUpVerifications_UserId_SignInId_VerifiedAt] ON [StepUpVerifications] ([UserId], [SignInId], [VerifiedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_StepUpVerifications_VerifiedAt] ON [StepUpVerifications] ([VerifiedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_ThrottleSlots_UsedAt] ON [ThrottleSlots] ([UsedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_UserFactors_Kind_UserId] ON [UserFactors] ([Kind], [UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_UserFactors_UserId] ON [UserFactors] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_UserSessions_CreatedAt_SignInMethod_UserId] ON [UserSessions] ([CreatedAt], [SignInMethod], [UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    EXEC(N'CREATE INDEX [IX_UserSessions_Ended] ON [UserSessions] ([EndedAt]) WHERE [EndedAt] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    EXEC(N'CREATE INDEX [IX_UserSessions_Live_Cutover] ON [UserSessions] ([Client], [SpreadPosition], [CreatedAt]) WHERE [EndedAt] IS NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    EXEC(N'CREATE INDEX [IX_UserSessions_Live_Expiry] ON [UserSessions] ([ExpiresAt]) WHERE [EndedAt] IS NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_UserSessions_UserId_CreatedAt] ON [UserSessions] ([UserId], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    CREATE INDEX [IX_UserSessions_UserId_LastSeenAt] ON [UserSessions] ([UserId], [LastSeenAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    EXEC(N'CREATE TRIGGER [TR_AuditEvents_AppendOnly] ON [AuditEvents] INSTEAD OF UPDATE, DELETE AS
    BEGIN
        SET NOCOUNT ON;
        IF EXISTS (SELECT 1 FROM inserted)
            OR ISNULL(CAST(SESSION_CONTEXT(N''audit_retention'') AS int), 0) <> 1
            OR EXISTS (SELECT 1 FROM deleted WHERE [At] >= DATEADD(day, -90, SYSDATETIMEOFFSET()))
        BEGIN
            THROW 51000, ''The audit log is append-only: audit events cannot be changed or deleted.'', 1;
        END;
        DELETE FROM [AuditEvents] WHERE [Id] IN (SELECT [Id] FROM deleted);
    END');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    EXEC(N'CREATE PROCEDURE [dbo].[PurgeAuditEvents] @Cutoff datetimeoffset, @BatchSize int, @Deleted int OUTPUT AS
    BEGIN
        SET NOCOUNT ON;
        IF @BatchSize < 1 OR @BatchSize > 4000
        BEGIN
            THROW 51001, ''PurgeAuditEvents deletes between 1 and 4000 audit events at a time.'', 1;
        END;
        IF @Cutoff > DATEADD(day, -90, SYSDATETIMEOFFSET())
        BEGIN
            THROW 51002, ''The audit log keeps at least 90 days: the cutoff must be 90 days ago or earlier.'', 1;
        END;
        DECLARE @ids TABLE ([Id] bigint PRIMARY KEY);
        INSERT INTO @ids ([Id]) SELECT TOP (@BatchSize) [Id] FROM [AuditEvents] WHERE [At] < @Cutoff ORDER BY [At];
        EXEC sp_set_session_context @key = N''audit_retention'', @value = 1;
        BEGIN TRY
            DELETE FROM [AuditEvents] WHERE [Id] IN (SELECT [Id] FROM @ids);
            SELECT @Deleted = COUNT(*) FROM @ids;
            EXEC sp_set_session_context @key = N''audit_retention'', @value = NULL;
        END TRY
        BEGIN CATCH
            EXEC sp_set_session_context @key = N''audit_retention'', @value = NULL;
            THROW;
        END CATCH;
    END');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261203195135_InitialCreate'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261203195135_InitialCreate', N'10.0.15');
END;

COMMIT;
GO

