// Clipping on Azure Functions: a storage account (tables for the clippings and contributors, the host's blobs and
// queues), a Flex Consumption function app (or Linux Consumption where Flex is not offered) running with its own
// managed identity, and Application Insights over a Log Analytics workspace. Resource group scope.
// Deploy: az deployment group create -g RG -f infra/main.bicep -p namePrefix=... adminKey=...   (see docs/deploy.md)

targetScope = 'resourceGroup'

@description('Short prefix for resource names: lower-case letters and digits.')
@minLength(3)
@maxLength(11)
param namePrefix string

@description('Azure region; defaults to the resource group\'s.')
param location string = resourceGroup().location

@description('Hosting plan: FlexConsumption where the region offers it, else Consumption (Linux).')
@allowed([
  'FlexConsumption'
  'Consumption'
])
param plan string = 'FlexConsumption'

@description('The site\'s topic, as readers see it.')
param topicName string = 'Big Society'

@description('Other tags that mean the topic.')
param topicAliases array = [
  'bigsociety'
]

@description('The site\'s title.')
param siteTitle string = '${topicName} clippings'

@description('Refresh schedule: six-field NCRONTAB (second minute hour day month weekday).')
param schedule string = '0 */15 * * * *'

@description('Backup schedule: six-field NCRONTAB, UTC. Each backup is the whole site as one archive in the backups container.')
param backupSchedule string = '0 0 3 * * *'

@description('How many backups to keep (the newest); soft delete keeps a pruned one for another 14 days.')
@minValue(1)
param backupKeep int = 7

@description('Key for the /admin endpoints (header X-Admin-Key); at least 32 characters.')
@secure()
@minLength(32)
param adminKey string

@description('Email digests: the SMTP server (for Azure Communication Services, smtp.azurecomm.net); empty leaves email off and the subscribe form hidden.')
param smtpHost string = ''

@description('The SMTP port: 587 with StartTls, 465 with SslOnConnect.')
param smtpPort int = 587

@description('How the SMTP connection is secured.')
@allowed([
  'StartTls'
  'SslOnConnect'
])
param smtpSecurity string = 'StartTls'

@description('The SMTP user name (for Azure Communication Services, the SMTP username made for its Entra application).')
@secure()
param smtpUsername string = ''

@description('The SMTP password (for Azure Communication Services, the Entra application\'s client secret).')
@secure()
param smtpPassword string = ''

@description('The digests\' sender, e.g. "Big Society clippings <DoNotReply@xxxx.azurecomm.net>": an address the SMTP server may send from.')
param emailFrom string = ''

@description('When digests go: six-field NCRONTAB in the site\'s time zone; weekly digests go on Mondays.')
param emailSchedule string = '0 0 7 * * *'

@description('Most instances Flex Consumption may scale to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 10

var suffix = uniqueString(resourceGroup().id, namePrefix)
var storageName = take('${namePrefix}${suffix}', 24)
var appName = '${namePrefix}-clipping-${suffix}'
var isFlex = plan == 'FlexConsumption'
var deploymentContainer = 'app-package'
var backupContainer = 'clipping-backups'
var tablePrefix = 'clipping'

// Built-in role definition ids.
var roles = {
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-logs-${suffix}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${namePrefix}-insights-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  sku: {
    name: 'Standard_LRS'
  }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
    // Flex deploys and runs with the app's identity alone; Linux Consumption's publishing still uses a key.
    allowSharedKeyAccess: !isFlex
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    // Backups are the site's only copy outside its tables: a deleted or overwritten blob can be brought back for two weeks.
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: 14
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 14
    }
  }
}

resource backups 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: backupContainer
}

resource packages 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: deploymentContainer
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource clippingsTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tables
  name: '${tablePrefix}Clippings'
}

resource contributorsTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tables
  name: '${tablePrefix}Contributors'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

// The refresh fans out over this queue: one message per batch of due feeds (grouped by host), taken by whichever
// instances are running. The app creates it too if it is missing; the poison queue holds batches that failed every try.
var refreshQueueName = 'clipping-refresh'

resource refreshQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queues
  name: refreshQueueName
}

resource refreshPoisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queues
  name: '${refreshQueueName}-poison'
}

// Email digests fan out over this queue: one message per batch of subscribers due a digest.
var digestQueueName = 'clipping-digests'

resource digestQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queues
  name: digestQueueName
}

resource digestPoisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queues
  name: '${digestQueueName}-poison'
}

resource hostingPlan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${namePrefix}-plan-${suffix}'
  location: location
  kind: 'functionapp'
  sku: isFlex
    ? {
        name: 'FC1'
        tier: 'FlexConsumption'
      }
    : {
        name: 'Y1'
        tier: 'Dynamic'
      }
  properties: {
    reserved: true
  }
}

// Every setting the app reads (tests/Clipping.Tests/Infrastructure checks this list against the code).
var clippingSettings = [
  {
    name: 'AzureWebJobsStorage__accountName'
    value: storage.name
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    // Otherwise the host's own landing page answers at the root, where the clipping page belongs.
    name: 'AzureWebJobsDisableHomepage'
    value: 'true'
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: insights.properties.ConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'Authorization=AAD'
  }
  {
    name: 'Clipping__Storage__TableEndpoint'
    value: storage.properties.primaryEndpoints.table
  }
  {
    name: 'Clipping__Storage__TablePrefix'
    value: tablePrefix
  }
  {
    name: 'Clipping__Site__Title'
    value: siteTitle
  }
  {
    name: 'Clipping__Site__BaseUrl'
    value: 'https://${appName}.azurewebsites.net/'
  }
  {
    name: 'Clipping__Topics__0__Name'
    value: topicName
  }
  {
    name: 'Clipping__Refresh__Schedule'
    value: schedule
  }
  {
    name: 'Clipping__Refresh__Queue'
    value: refreshQueueName
  }
  {
    name: 'Clipping__Email__Queue'
    value: digestQueueName
  }
  {
    name: 'Clipping__Backup__Schedule'
    value: backupSchedule
  }
  {
    name: 'Clipping__Backup__Container'
    value: backupContainer
  }
  {
    name: 'Clipping__Backup__Keep'
    value: string(backupKeep)
  }
  {
    name: 'Clipping__Admin__Key'
    value: adminKey
  }
]

var aliasSettings = [
  for (alias, i) in topicAliases: {
    name: 'Clipping__Topics__0__Aliases__${i}'
    value: alias
  }
]

// Only with a server: without one, email stays off.
var emailSettings = empty(smtpHost)
  ? []
  : [
      {
        name: 'Clipping__Email__Smtp__Host'
        value: smtpHost
      }
      {
        name: 'Clipping__Email__Smtp__Port'
        value: string(smtpPort)
      }
      {
        name: 'Clipping__Email__Smtp__Security'
        value: smtpSecurity
      }
      {
        name: 'Clipping__Email__Smtp__Username'
        value: smtpUsername
      }
      {
        name: 'Clipping__Email__Smtp__Password'
        value: smtpPassword
      }
      {
        name: 'Clipping__Email__From'
        value: emailFrom
      }
      {
        name: 'Clipping__Email__Schedule'
        value: emailSchedule
      }
    ]

// Flex sets the runtime in functionAppConfig and refuses these two; Consumption needs them.
var consumptionSettings = isFlex
  ? []
  : [
      {
        name: 'FUNCTIONS_EXTENSION_VERSION'
        value: '~4'
      }
      {
        name: 'FUNCTIONS_WORKER_RUNTIME'
        value: 'dotnet-isolated'
      }
    ]

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: hostingPlan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      linuxFxVersion: isFlex ? null : 'DOTNET-ISOLATED|10.0'
      appSettings: concat(clippingSettings, aliasSettings, emailSettings, consumptionSettings)
    }
    functionAppConfig: isFlex
      ? {
          deployment: {
            storage: {
              type: 'blobContainer'
              value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
              authentication: {
                type: 'SystemAssignedIdentity'
              }
            }
          }
          scaleAndConcurrency: {
            maximumInstanceCount: maximumInstanceCount
            instanceMemoryMB: 2048
          }
          runtime: {
            name: 'dotnet-isolated'
            version: '10.0'
          }
        }
      : null
  }
  dependsOn: [
    packages
    clippingsTable
    contributorsTable
    refreshQueue
    refreshPoisonQueue
    digestQueue
    digestPoisonQueue
  ]
}

resource tableRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, app.id, roles.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource blobRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, app.id, roles.storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, app.id, roles.storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource metricsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, app.id, roles.monitoringMetricsPublisher)
  scope: insights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

@description('The clipping page.')
output siteUrl string = 'https://${app.properties.defaultHostName}/'

@description('The function app, for publishing: func azure functionapp publish <appName>.')
output appName string = app.name
