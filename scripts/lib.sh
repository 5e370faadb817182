# Shared by the set-up scripts: install Debian packages that are missing, quietly.
#
# need_packages pkg...      installs each package dpkg does not list as installed.
# need_tools cmd=pkg...     installs pkg only when cmd is not on PATH. Use it for tools a
#                           machine may already have from elsewhere (Node.js from NodeSource,
#                           say): asking apt for Debian's npm beside NodeSource's nodejs makes
#                           apt refuse with "held broken packages".
# Both use sudo when not root.
need_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  install_packages "${missing[@]}"
}

need_tools() {
  local missing=()
  for pair in "$@"; do
    command -v "${pair%%=*}" >/dev/null 2>&1 || missing+=("${pair#*=}")
  done
  install_packages "${missing[@]}"
}

install_packages() {
  [ $# -eq 0 ] && return 0
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "jaga: installing Debian packages: $*" >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
