/**
 * The BackupImage script (aws:runShellScript, one step), through platformctl (platformctl.md):
 * snapshot the image (a few minutes unavailable, C7.2), copy it to the local store on the
 * premises and to the cloud (C9.3), verify each copy, and always release the snapshot.
 * Both copies are attempted even when one fails, so a single failure still leaves one copy; the
 * exit code names the first failing step (exit-codes.ts) and the last line lists the verified
 * copies: `COPIES=local,cloud`.
 */
import { BACKUP_EXIT } from './exit-codes.ts';

const E = BACKUP_EXIT;

export const BACKUP_IMAGE_SCRIPT = `#!/usr/bin/env bash
set -euo pipefail
IMAGE='{{ image }}'
KIND='{{ kind }}'
BACKUP_ID='{{ backupId }}'
BUCKET='{{ bucket }}'
PREFIX='{{ prefix }}'
POINT="backup-$BACKUP_ID"
KEY="\${PREFIX:+\${PREFIX%/}/}$BACKUP_ID"
CLOUD="s3://$BUCKET/$KEY"
phase=init
snapshot_taken=0
first_failure=0
copied=()
verified=()

say() { printf 'STEP=%s %s\\n' "$phase" "$*"; }

failed() {
  say "FAILED $2"
  if [[ "$first_failure" -eq 0 ]]; then first_failure=$1; fi
}

finish() {
  trap - EXIT
  phase=release
  if [[ "$snapshot_taken" -eq 1 ]]; then
    if platformctl release --point "$POINT"; then
      say "snapshot $POINT released"
    else
      say "WARNING snapshot $POINT not released"
    fi
  fi
  local IFS=','
  echo "COPIES=\${verified[*]:-}"
  exit "$first_failure"
}

on_exit() {
  case "$phase" in
    init|snapshot) failed ${E.snapshotFailed} 'unexpected error' ;;
    local-copy) failed ${E.localCopyFailed} 'unexpected error' ;;
    cloud-copy) failed ${E.cloudCopyFailed} 'unexpected error' ;;
    *) failed ${E.verifyFailed} 'unexpected error' ;;
  esac
  finish
}
trap on_exit EXIT
trap 'exit 143' TERM INT HUP

phase=snapshot
if ! platformctl snapshot --point "$POINT" --images "$IMAGE"; then
  failed ${E.snapshotFailed} "snapshot of $IMAGE"
  finish
fi
snapshot_taken=1
say "snapshot $POINT taken, $IMAGE available again"

phase=local-copy
if platformctl copy --point "$POINT" --image "$IMAGE" --kind "$KIND" --backup-id "$BACKUP_ID" --to local; then
  copied+=(local)
else
  failed ${E.localCopyFailed} 'copy to local store'
fi

phase=cloud-copy
if platformctl copy --point "$POINT" --image "$IMAGE" --kind "$KIND" --backup-id "$BACKUP_ID" --to "$CLOUD"; then
  copied+=(cloud)
else
  failed ${E.cloudCopyFailed} "copy to $CLOUD"
fi

phase=verify
for target in "\${copied[@]}"; do
  where=local
  if [[ "$target" == cloud ]]; then where="$CLOUD"; fi
  if platformctl verify --backup-id "$BACKUP_ID" --to "$where"; then
    verified+=("$target")
  else
    failed ${E.verifyFailed} "verify $target copy"
  fi
done
finish
`;
