/**
 * The BackupImage script (aws:runShellScript, one step), through platformctl (platformctl.md).
 * One command backs up every due image of up to 50 servers (C9.1, C9.2), so its parameters are the
 * same for every server: `images` is `all`, `ad` (resolved on the server with `platformctl images`)
 * or a comma list, and each copy is named by its BackupRun id, rebuilt on the server from its own
 * managed instance id: `backup:<instance id>:<image>:<kind>:<slot>` (ids.ts backupIdOf).
 * For each image in turn: snapshot it (a few minutes unavailable, C7.2), copy it to the local store
 * on the premises and to the cloud (C9.3), verify each copy, and always release the snapshot. Every
 * image is tried even when another fails, and both copies even when one fails. Progress goes to
 * standard error; standard output holds one result line per image, first in the invocation's
 * output: `IMAGE=<name> COPIES=<verified copies> RESULT=<code>`. The exit code is 0 when every image
 * succeeded, else the code of the first failure (exit-codes.ts).
 */
import { BACKUP_EXIT } from './exit-codes.ts';

const E = BACKUP_EXIT;

export const BACKUP_IMAGE_SCRIPT = `#!/usr/bin/env bash
set -uo pipefail
IMAGES='{{ images }}'
KIND='{{ kind }}'
SLOT='{{ slot }}'
BUCKET='{{ bucket }}'
PREFIX='{{ prefix }}'
INSTANCE="\${AWS_SSM_INSTANCE_ID:-}"
phase=init
image=''
held_point=''
first_failure=0

say() { printf 'STEP=%s IMAGE=%s %s\\n' "$phase" "$image" "$*" >&2; }

result() {
  local IFS=','
  echo "IMAGE=$image COPIES=\${verified[*]:-} RESULT=$image_failure"
  if [[ "$first_failure" -eq 0 ]]; then first_failure=$image_failure; fi
}

failed() {
  say "FAILED $2"
  if [[ "$image_failure" -eq 0 ]]; then image_failure=$1; fi
}

backup_one() {
  image=$1
  image_failure=0
  copied=()
  verified=()
  local backup_id="backup:$INSTANCE:$image:$KIND:$SLOT"
  local point="backup-$backup_id"
  local cloud="s3://$BUCKET/\${PREFIX:+\${PREFIX%/}/}$backup_id"

  phase=snapshot
  if ! platformctl snapshot --point "$point" --images "$image"; then
    failed ${E.snapshotFailed} "snapshot of $image"
    result
    return
  fi
  held_point=$point
  say "snapshot $point taken, $image available again"

  phase=local-copy
  if platformctl copy --point "$point" --image "$image" --kind "$KIND" --backup-id "$backup_id" --to local; then
    copied+=(local)
  else
    failed ${E.localCopyFailed} 'copy to local store'
  fi

  phase=cloud-copy
  if platformctl copy --point "$point" --image "$image" --kind "$KIND" --backup-id "$backup_id" --to "$cloud"; then
    copied+=(cloud)
  else
    failed ${E.cloudCopyFailed} "copy to $cloud"
  fi

  phase=verify
  local target where
  for target in "\${copied[@]}"; do
    where=local
    if [[ "$target" == cloud ]]; then where="$cloud"; fi
    if platformctl verify --backup-id "$backup_id" --to "$where"; then
      verified+=("$target")
    else
      failed ${E.verifyFailed} "verify $target copy"
    fi
  done

  release_held
  result
}

release_held() {
  phase=release
  if [[ -z "$held_point" ]]; then return; fi
  if platformctl release --point "$held_point"; then
    say "snapshot $held_point released"
  else
    say "WARNING snapshot $held_point not released"
  fi
  held_point=''
}

# C7.2: a snapshot is released even when the script is stopped part-way.
trap 'release_held' EXIT
trap 'exit 143' TERM INT HUP

if [[ -z "$INSTANCE" ]]; then
  say 'FAILED the agent gave no managed instance id (AWS_SSM_INSTANCE_ID)'
  exit ${E.snapshotFailed}
fi
case "$IMAGES" in
  all) IMAGES="$(platformctl images)" || { say 'FAILED platformctl images'; exit ${E.snapshotFailed}; } ;;
  ad) IMAGES="$(platformctl images --role active-directory)" || { say 'FAILED platformctl images'; exit ${E.snapshotFailed}; } ;;
esac
if [[ -z "$IMAGES" ]]; then
  say 'FAILED no image to back up'
  exit ${E.snapshotFailed}
fi

IFS=',' read -r -a list <<< "$IMAGES"
for name in "\${list[@]}"; do
  backup_one "$name"
done
exit "$first_failure"
`;
