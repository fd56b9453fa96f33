/**
 * The PatchServer script (aws:runShellScript, one step). It calls the platformctl interface
 * (platformctl.md), never a hypervisor directly:
 *   snapshot (rollback point, C6.1) → apply → check → release, and on ANY failure after the
 *   snapshot, revert every image to the rollback point (C6.2), the Active Directory image with the
 *   generation-id-safe revert (C6.3), then exit with the code of the failing step (exit-codes.ts).
 * `set -euo pipefail` stops on anything unforeseen; the EXIT trap then maps the current phase to
 * the same codes, so an unexpected error after the apply still reverts. SIGTERM (the agent's
 * execution timeout) goes through the same trap.
 * SSM substitutes `{{ name }}` before bash runs; every parameter has an allowedPattern without
 * quotes, so the single-quoted assignments cannot be broken out of.
 */
import { PATCH_EXIT } from './exit-codes.ts';

const E = PATCH_EXIT;

export const PATCH_SERVER_SCRIPT = `#!/usr/bin/env bash
set -euo pipefail
RELEASE_ID='{{ releaseId }}'
VERSION='{{ version }}'
IMAGES='{{ images }}'
AD_IMAGE='{{ adImage }}'
CHANGE_ID='{{ changeId }}'
POINT='{{ rollbackPoint }}'
phase=init

say() { printf 'STEP=%s %s\\n' "$phase" "$*"; }

finish() {
  trap - EXIT
  say "OUTCOME=$2 EXIT=$1"
  exit "$1"
}

release_point() {
  if platformctl release --point "$POINT"; then
    say "rollback point $POINT released"
  else
    say "WARNING rollback point $POINT not released"
  fi
}

# C6.2: revert every image; C6.3: the Active Directory image with the generation-id-safe revert.
revert_all() {
  local image mode failed=0
  local -a list
  IFS=',' read -r -a list <<< "$IMAGES"
  for image in "\${list[@]}"; do
    mode=standard
    if [[ -n "$AD_IMAGE" && "$image" == "$AD_IMAGE" ]]; then mode=ad-safe; fi
    if platformctl revert --point "$POINT" --image "$image" --mode "$mode"; then
      say "reverted $image mode=$mode"
    else
      say "REVERT FAILED $image mode=$mode"
      failed=1
    fi
  done
  return "$failed"
}

fail_and_revert() {
  local code=$1
  phase=revert
  if revert_all; then
    release_point
    finish "$code" failed-rolled-back
  fi
  finish ${E.rollbackFailed} rollback-failed
}

on_exit() {
  local rc=$?
  case "$phase" in
    init|snapshot) finish ${E.snapshotFailed} not-applied ;;
    apply) fail_and_revert ${E.applyFailedReverted} ;;
    check) fail_and_revert ${E.checkFailedReverted} ;;
    revert) finish ${E.rollbackFailed} rollback-failed ;;
    *) exit "$rc" ;;
  esac
}
trap on_exit EXIT
trap 'exit 143' TERM INT HUP

if [[ -z "$POINT" ]]; then POINT="pre-$RELEASE_ID"; fi
if [[ "$IMAGES" == all ]]; then IMAGES="$(platformctl images)"; fi
if [[ "$AD_IMAGE" == auto ]]; then AD_IMAGE="$(platformctl images --role active-directory)"; fi
if [[ -z "$IMAGES" ]]; then say 'no images to patch'; finish ${E.snapshotFailed} not-applied; fi

phase=snapshot
platformctl snapshot --point "$POINT" --images "$IMAGES" || finish ${E.snapshotFailed} not-applied
say "rollback point $POINT taken for $IMAGES"

phase=apply
apply_args=(--release "$RELEASE_ID" --version "$VERSION")
if [[ -n "$CHANGE_ID" ]]; then apply_args+=(--change "$CHANGE_ID"); fi
platformctl apply "\${apply_args[@]}" || fail_and_revert ${E.applyFailedReverted}
say "applied $RELEASE_ID ($VERSION)"

phase=check
platformctl check --version "$VERSION" --images "$IMAGES" || fail_and_revert ${E.checkFailedReverted}
say 'post-check passed'

phase=release
release_point
finish ${E.ok} succeeded
`;
