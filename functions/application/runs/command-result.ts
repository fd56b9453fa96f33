/** What recording one command result did (handle-command-result.ts and the recorders it calls). */
export type CommandResult =
  | { recorded: 'change'; changeId: string; outcome: string }
  | { recorded: 'backup'; backupIds: string[]; outcome: string }
  | { recorded: 'nothing'; reason: string };
