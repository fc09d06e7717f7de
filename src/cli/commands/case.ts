import { Command } from 'commander';
import { parseLatLon, parseRadius, parseWindow } from '../../cases/case-input.js';
import { invalidInput } from '../../util/errors.js';
import { parseCaseId, withDoor, withCommonOptions, type CommonOptions } from '../context.js';
import { describeCase, printJson, printLines, table } from '../output.js';
import { parseCaseRole } from '../../team/account-service.js';
import { caseRoles } from '../../team/team-types.js';
import { callServer, parseServerUrl, sessionToken } from '../team-client.js';

interface CreateOptions extends CommonOptions {
  title: string;
  reference?: string;
  scene?: string;
  radius?: string;
  incidentTime?: string;
  timezone?: string;
  window?: string;
}

/** `goldenhour case create|list|show|share`. */
export function caseCommand(): Command {
  const command = new Command('case').description('create and look at cases');

  withCommonOptions(
    command
      .command('create')
      .description('create a case with its scene, incident time and golden-hour window')
      .requiredOption('--title <text>', 'case title')
      .option('--reference <text>', 'crime or incident number')
      .option('--scene <lat,lon>', 'scene location in decimal degrees, e.g. 51.5072,-0.1276 (decimal commas: 51,5072;-0,1276)')
      .option('--radius <metres>', 'scene radius in metres (default 500)')
      .option('--incident-time <iso8601>', 'incident time, e.g. 2026-11-21T14:05:00Z (without an offset it is read in --timezone)')
      .option('--timezone <iana>', 'IANA time zone of the scene, e.g. Europe/London')
      .option('--window <before,after>', 'golden-hour window in minutes before and after the incident (default 60,60)'),
    { operator: true },
  ).action(async (options: CreateOptions) => {
    if (options.radius !== undefined && options.scene === undefined) throw invalidInput('--radius needs --scene (the point the radius is around)');
    const point = options.scene !== undefined ? parseLatLon(options.scene) : null;
    const request = {
      title: options.title,
      reference: options.reference ?? null,
      scene: point ? { ...point, radiusM: options.radius !== undefined ? parseRadius(options.radius) : null } : null,
      incidentTime: options.incidentTime ?? null,
      timezone: options.timezone ?? null,
      window: options.window !== undefined ? parseWindow(options.window) : null,
      operator: options.operator,
    };
    const created = await withDoor(options, (api) => api.call('case.create', request));
    if (options.json) printJson(created);
    else printLines(['Created:', ...describeCase(created)]);
  });

  withCommonOptions(command.command('list').description('list cases')).action(async (options: CommonOptions) => {
    const cases = await withDoor(options, (api) => api.call('case.list', {}));
    if (options.json) printJson(cases);
    else if (cases.length === 0) printLines(['No cases yet: create one with `goldenhour case create --title TEXT`.']);
    else printLines(table(['ID', 'TITLE', 'REFERENCE', 'INCIDENT TIME', 'CREATED'], cases.map((c) => [String(c.id), c.title, c.reference ?? '-', c.incidentTime ?? '-', c.createdAt])));
  });

  withCommonOptions(command.command('show').description('show one case').argument('<case>', 'case id')).action(async (caseArg: string, options: CommonOptions) => {
    const caseId = parseCaseId(caseArg);
    const found = await withDoor(options, (api) => api.call('case.get', { caseId }));
    if (options.json) printJson(found);
    else printLines(describeCase(found));
  });
  command.command('share')
    .description('give a user of a team server a role on a case: lead, investigator or reviewer (recorded in the ledger)')
    .argument('<case>', 'case id on the server')
    .argument('<user>', 'user name on the server')
    .requiredOption('--role <role>', `${caseRoles.join(', ')}`)
    .option('--server <url>', 'the team server (default: $GOLDENHOUR_SERVER); sign in first with goldenhour login')
    .option('--json', 'print machine-readable JSON')
    .action(async (caseArg: string, user: string, options: { role: string; server?: string; json?: boolean }) => {
      const caseId = parseCaseId(caseArg);
      const role = parseCaseRole(options.role);
      const server = parseServerUrl(options.server);
      const members = await callServer(server, 'case.share', { caseId, user, role }, sessionToken(server));
      if (options.json) printJson(members);
      else printLines([`${user} is now ${role} on case ${caseId}. Members:`, ...table(['USER', 'ROLE', 'GRANTED BY', 'AT'], members.map((m) => [m.userName, m.role, m.grantedBy, m.grantedAt]))]);
    });
  caseUpdateCommands(command);
  return command;
}

interface UpdateOptions extends CommonOptions {
  title?: string;
  reference?: string;
  scene?: string;
  radius?: string;
  incidentTime?: string;
  timezone?: string;
  window?: string;
}

/** `goldenhour case update|close|reopen`. */
function caseUpdateCommands(command: Command): void {
  withCommonOptions(
    command
      .command('update')
      .description('change a case; each change goes into the custody ledger with its old and new value')
      .argument('<case>', 'case id')
      .option('--title <text>', 'new case title')
      .option('--reference <text>', 'new crime or incident number ("" removes it)')
      .option('--scene <lat,lon>', 'new scene location in decimal degrees ("none" removes the scene)')
      .option('--radius <metres>', 'new scene radius in metres')
      .option('--incident-time <iso8601>', 'new incident time (without an offset it is read in the case time zone; "none" removes it)')
      .option('--timezone <iana>', 'new IANA time zone of the scene')
      .option('--window <before,after>', 'new golden-hour window in minutes before and after the incident'),
    { operator: true },
  ).action(async (caseArg: string, options: UpdateOptions) => {
    const caseId = parseCaseId(caseArg);
    const removeScene = options.scene?.trim().toLowerCase() === 'none';
    const request = {
      caseId,
      ...(options.title !== undefined ? { title: options.title } : {}),
      ...(options.reference !== undefined ? { reference: options.reference } : {}),
      ...(options.scene !== undefined ? { scene: removeScene ? null : parseLatLon(options.scene) } : {}),
      ...(options.radius !== undefined ? { radiusM: parseRadius(options.radius) } : {}),
      ...(options.incidentTime !== undefined ? { incidentTime: options.incidentTime.trim().toLowerCase() === 'none' ? null : options.incidentTime } : {}),
      ...(options.timezone !== undefined ? { timezone: options.timezone } : {}),
      ...(options.window !== undefined ? { window: parseWindow(options.window) } : {}),
      operator: options.operator,
    };
    if (Object.keys(request).length <= 2) throw invalidInput('Nothing to change: give at least one of --title, --reference, --scene, --radius, --incident-time, --timezone, --window');
    const result = await withDoor(options, (api) => api.call('case.update', request));
    if (options.json) printJson(result);
    else if (result.changes.length === 0) printLines(['Nothing changed: the case already had these values.', ...describeCase(result.case)]);
    else {
      printLines([
        ...result.changes.map((c) => `Changed ${c.field}: ${JSON.stringify(c.from)} -> ${JSON.stringify(c.to)}`),
        ...result.rePlaced.map((r) => `Re-placed item ${r.itemId}: camera time ${r.localTime} read in ${r.toZone} is ${r.toUtc} (was ${r.fromUtc ?? 'not placed'}${r.fromZone ? ` in ${r.fromZone}` : ''})`),
        ...describeCase(result.case),
      ]);
    }
  });

  withCommonOptions(
    command.command('close').description('close a case: read-only until reopened; its watches stop').argument('<case>', 'case id')
      .requiredOption('--reason <text>', 'why the case is closed'),
    { operator: true },
  ).action(async (caseArg: string, options: CommonOptions & { reason: string }) => {
    const caseId = parseCaseId(caseArg);
    const result = await withDoor(options, (api) => api.call('case.close', { caseId, reason: options.reason, operator: options.operator }));
    if (options.json) printJson(result);
    else {
      printLines([
        `Closed case ${caseId}: nothing can be added or changed until it is reopened (goldenhour case reopen ${caseId} --reason TEXT).`,
        result.stoppedWatches.length === 0 ? 'No watch was running.' : `Stopped ${result.stoppedWatches.length} watch(es): ${result.stoppedWatches.map((w) => w.url).join(', ')}`,
      ]);
    }
  });

  withCommonOptions(
    command.command('reopen').description('reopen a closed case (watches stopped by closing stay stopped)').argument('<case>', 'case id')
      .requiredOption('--reason <text>', 'why the case is reopened'),
    { operator: true },
  ).action(async (caseArg: string, options: CommonOptions & { reason: string }) => {
    const caseId = parseCaseId(caseArg);
    const reopened = await withDoor(options, (api) => api.call('case.reopen', { caseId, reason: options.reason, operator: options.operator }));
    if (options.json) printJson(reopened);
    else printLines([`Reopened case ${caseId}. Watches stopped when it was closed stay stopped: start them again with goldenhour watch.`, ...describeCase(reopened)]);
  });
}
