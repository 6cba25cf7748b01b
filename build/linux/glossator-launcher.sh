#!/bin/sh
# /usr/bin/glossator: start Glossator from /opt/glossator (found relative to this script, so
# a package unpacked under another root works too).
HERE="$(dirname "$(readlink -f "$0")")"
exec "$HERE/../../opt/glossator/glossator" "$@"
