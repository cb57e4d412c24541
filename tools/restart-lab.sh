#!/usr/bin/env bash
# restart-lab.sh: record real SSH sessions across a network restart, link bounce or sshd restart between
# three network namespaces (client - router - server), and write the ground truth next to the capture.
# Debian 12, run as root. See tools/lab/README.md and /work/shared/docs/lab-notes.md.
set -u
export LC_ALL=C
PATH=$PATH:/usr/sbin:/sbin
PROG=${0##*/}
unset SSH_AUTH_SOCK  # the lab's ssh uses its own key only

usage() {
    cat <<EOF
Usage: $PROG [OPTIONS]

Builds three network namespaces, client - veth - router - veth - server, starts a real sshd in the
server and a real ssh session from the client, captures packets at one point, performs an event
(link down, network restart, sshd restart) in the middle of the session, ends the session cleanly,
writes a JSON manifest with the ground truth and tears everything down. Run as root.

Scenario:
  --preset NAME          set the options below for a named scenario (explicit options win):
                           survived-link     keystrokes, server link down 5 s, capture at client
                           survived-restart  keystrokes, server network restart 5 s, capture at client
                           survived-output   server prints every 0.5 s, server link down 5 s, capture at client
                           died-retries      both directions busy, client tcp_retries2=3, link down 20 s:
                                             the client gives up, then answers the server's data with RST
                           idle              idle session (ssh host sleep N), server link down 5 s
                           sshd-restart      keystrokes, sshd stopped 5 s, a new connection is refused
                           ipv6              keystrokes over IPv6, server link down 5 s
                           bulk              rate-limited upload, server link down 5 s
                           midstream         keystrokes, capture started 1 s after the session was up, then
                                             the server's link down 5 s (no handshake in the capture)
                           midstream-output  the same with the output workload: the first packet captured is
                                             the server's (the client only acknowledges)
                           keepalive         both directions busy, ssh -o ServerAliveInterval=1
                                             -o ServerAliveCountMax=2, link down 10 s: ssh gives up
                                             ("Timeout, server not responding") during the outage
                           peer-reboot       keystrokes, link down 5 s; 2 s in, the server's TCP sockets are
                                             destroyed (ss -K): its first answer after the outage is a RST
                           one-way           both directions busy, the router drops client-to-server TCP 5 s
                           one-way-s2c       the same, server-to-client
                           any-router        keystrokes, link down 5 s, captured with tcpdump -i any on the
                                             router (each forwarded packet twice), Linux cooked v2 (SLL2)
                           any-router-sll    the same, Linux cooked v1 (SLL)
                           rotated           keystrokes, link down 5 s, tcpdump -G 2: a new file every 2 s
                           one-direction     keystrokes, link down 5 s, capture filter: client-to-server only
                           heavy-loss        keystrokes, no event, 25% of TCP packets dropped by the router
                           silence-to-end    keystrokes; the client's own link loses carrier 8 s; the
                                             capture (on that link) is stopped 4 s into the outage
                           pair-cut          both directions busy, captured at the client AND the server at
                                             once, 2% random loss in the router and a 5 s cut (the router drops
                                             all TCP both ways), every router drop counted (nftables counters)
                           pair-nat          the same, the router masquerading the client (NAT)
  --name NAME            scenario name for the manifest and the default file name
                         (default: the preset, or WORKLOAD-EVENT-vFAMILY)
  --family 4|6           IP version (default 4)
  --workload W           keystrokes  a line every 100 ms piped into 'ssh host cat', echoed back
                         output      the server prints a line every 0.5 s
                         idle        'ssh host sleep N', nothing sent during the run
                         bulk        upload at --bulk-rate KiB/s into 'cat >/dev/null' on the server
                         both        keystrokes echoed and server output at the same time
                         (default keystrokes)
  --event E              link     server interface down for --duration s, then up, routes restored
                         restart  like an init-script network restart on the server: addresses
                                  flushed, link down, --duration s, link up, addresses and routes re-added
                         sshd     the sshd listener (by its pid file) stopped for --duration s, a new
                                  ssh connection attempted meanwhile (refused), sshd started again
                         oneway   the router drops TCP in one direction (--drop-direction) --duration s
                         client-link  the client's own link loses carrier (the router's port facing
                                  it goes down) for --duration s
                         none     nothing happens
                         (default link)
  --at S                 seconds after the session is up when the event begins (default 3)
  --duration S           seconds the link is down or sshd is stopped (default 5)
  --after S              seconds the session runs on after the event (default 5)
  --client-retries2 N    net.ipv4.tcp_retries2 in the client namespace (also governs IPv6; kernel default 15)
  --server-retries2 N    net.ipv4.tcp_retries2 in the server namespace
  --loss PER_MILLE       drop this many TCP packets per thousand in the router's forward chain (default 0)
  --offloads on|off      keep or turn off TSO/GSO/GRO on every veth (default off: MTU-sized segments)
  --bulk-rate KIB        upload rate of the bulk workload, KiB/s (default 128, in 16 KiB blocks)
  --drop-direction D     oneway event: c2s (client to server, default), s2c, or both (a cut)
  --nat                  the router masquerades the client's address and port towards the server (nftables)
  --server-alive I:N     ssh -o ServerAliveInterval=I -o ServerAliveCountMax=N (ssh gives up after ~I*(N+1) s
                         without hearing from the server)
  --destroy-sockets S    S seconds into the event, destroy the server's connected TCP sockets (ss -K): the
                         server forgets the session as a reboot would (the RST it tries to send is lost)

Capture:
  --capture-at P         client   the client's interface (facing the router)
                         server   the server's interface (facing the router)
                         router   the router's interface facing the client
                         router-any  tcpdump -i any in the router: each forwarded packet twice
                         (default client)
  --capturer C           tcpdump       tcpdump -U --immediate-mode -s 128 -w FILE -i DEV (default)
                         pcapsurvival  \$PCAPSURVIVAL capture -i DEV -s 128 -w FILE, where the environment
                                       variable PCAPSURVIVAL holds the command, e.g.
                                       PCAPSURVIVAL="dotnet /path/pcapsurvival.dll" (default: pcapsurvival)
                         dumpcap       dumpcap -q -s 128 -w FILE -i DEV (Wireshark's capturer): pcapng,
                                       whose statistics block records when the capture stopped
  --out FILE             capture file (default: SCENARIO.pcap in a new directory under \${TMPDIR:-/tmp})
  --manifest FILE        manifest (default: the capture file with a .json suffix instead of .pcap)
  --full                 capture whole packets (default: headers only, snaplen 128)
  --link-type T          tcpdump -y T, e.g. LINUX_SLL or LINUX_SLL2 for router-any
  --capture-filter EXPR  tcpdump's capture filter; CLIENT and SERVER in it stand for their addresses
  --rotate-seconds N     tcpdump -G N: a new file every N s (at the first packet after), named
                         OUT-without-.pcap-YYYYmmdd-HHMMSS.pcap; the manifest lists them (capture_files)
  --capture-start S      start the capture S seconds after the session is up (mid-session pickup);
                         default: before the session starts
  --capture-stop S       stop the capture S seconds into the event (before it ends)
  --capture-log FILE     with --capturer pcapsurvival: keep its stdout in FILE, each line prefixed with
                         the wall-clock time it was read (Unix seconds, microseconds), to time live lines
  --second-capture-at P  capture at a second point too (client, server or router; tcpdump), into
                         OUT-without-.pcap-at-P.pcap; the manifest names it (second_capture_file) and counts
                         the packets the router's nftables rules dropped (router_dropped_packets)
  --keep                 keep the work directory (keys, sshd config, logs of every process)
  -h, --help             this text

Exit status: 0 the experiment ran (even if the ssh session died: that is the result, see the manifest),
1 bad usage, 2 the lab could not be set up or the session never started, 3 missing packages or not root,
130/143 interrupted by SIGINT/SIGTERM (after the teardown). Everything the run created is removed on exit
(namespaces, veths, processes, nftables table, work directory); the capture and manifest are kept.

Examples:
  $PROG --preset survived-link
  $PROG --preset died-retries --out captures/died-retries.pcap
  $PROG --preset sshd-restart --capture-at server --keep
  $PROG --family 6 --workload output --event restart --duration 8 --capture-at router
  $PROG --workload keystrokes --event none --loss 20 --out /tmp/loss.pcap
  PCAPSURVIVAL="dotnet /src/pcapsurvival.dll" $PROG --preset bulk --capturer pcapsurvival
EOF
}

# ---------------------------------------------------------------------------------------------------------
# Messages and small helpers

T0=$EPOCHREALTIME
log() {
    local now=$EPOCHREALTIME
    local us=$(( ${now/./} - ${T0/./} ))
    printf '%s [%3d.%03d] %s\n' "$PROG" $((us / 1000000)) $((us % 1000000 / 1000)) "$*" >&2
}
warn() { log "warning: $*"; }
fail() { log "error: $*"; exit 2; }
usage_error() {
    printf '%s: %s\n\n' "$PROG" "$*" >&2
    usage >&2
    exit 1
}

# now_us VAR: CLOCK_REALTIME in microseconds (the clock of the capture timestamps), without a fork
now_us() { local t=$EPOCHREALTIME; printf -v "$1" '%s' "${t/./}"; }
# to_us SECONDS VAR: "5" or "0.25" -> microseconds
to_us() {
    local v=$1 int frac=''
    int=${v%%.*}
    [[ $v == *.* ]] && frac=${v#*.}
    frac=${frac}000000
    printf -v "$2" '%d' $(( 10#$int * 1000000 + 10#${frac:0:6} ))
}
us_to_s() { printf '%d.%06d' $(( $1 / 1000000 )) $(( $1 % 1000000 )); }

# Background processes this run started, by pid (their parent is this shell).
PIDS=()
track() { PIDS+=("$1"); }
is_my_child() {
    local stat
    [[ -r /proc/$1/stat ]] || return 1
    read -r stat < "/proc/$1/stat" 2>/dev/null || return 1
    stat=${stat##*) }
    set -- $stat
    [[ ${2:-} == "$$" ]]
}

# nap_until DEADLINE_US: sleep in the background and wait, so that SIGINT/SIGTERM are handled at once
nap_until() {
    local now left
    now_us now
    left=$(( $1 - now ))
    (( left > 0 )) || return 0
    sleep "$(us_to_s "$left")" &
    local p=$!
    track "$p"
    wait "$p"
}
nap() { local now us; now_us now; to_us "$1" us; nap_until $(( now + us )); }

# nsx NS CMD...: run in a namespace, in the foreground. Background processes are started with a plain
# 'ip netns exec ... &' so that $! is the process itself, not a subshell between it and this script.
nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# json_str TEXT: a JSON string literal
json_str() {
    local s=$1 out='' c i
    s=${s//\\/\\\\}
    s=${s//\"/\\\"}
    s=${s//$'\n'/\\n}
    s=${s//$'\r'/\\r}
    s=${s//$'\t'/\\t}
    if [[ $s == *[$'\x01'-$'\x1f']* ]]; then
        for (( i = 0; i < ${#s}; i++ )); do
            c=${s:i:1}
            if [[ $c == [$'\x01'-$'\x1f'] ]]; then
                printf -v c '\\u%04x' "'$c"
            fi
            out+=$c
        done
        s=$out
    fi
    printf '"%s"' "$s"
}
json_num() { if [[ -n $1 ]]; then printf '%s' "$1"; else printf 'null'; fi; }

# ---------------------------------------------------------------------------------------------------------
# Options

OPT_PRESET=''
declare -A OPT=()
set_opt() { OPT[$1]=$2; }

is_number() { [[ $1 =~ ^(0|[1-9][0-9]*)(\.[0-9]+)?$ ]]; }
is_int() { [[ $1 =~ ^(0|[1-9][0-9]*)$ ]]; }

while (( $# > 0 )); do
    arg=$1
    shift
    val=''
    has_val=0
    if [[ $arg == --*=* ]]; then
        val=${arg#*=}
        arg=${arg%%=*}
        has_val=1
    fi
    case $arg in
        -h|--help) usage; exit 0 ;;
        --full|--keep|--nat)
            (( has_val )) && usage_error "$arg takes no value"
            set_opt "${arg#--}" 1
            ;;
        --preset|--name|--family|--workload|--event|--at|--duration|--after|--client-retries2|\
        --server-retries2|--loss|--offloads|--bulk-rate|--capture-at|--capturer|--out|--manifest|\
        --drop-direction|--server-alive|--destroy-sockets|--link-type|--capture-filter|--rotate-seconds|\
        --capture-start|--capture-stop|--capture-log|--second-capture-at)
            if (( ! has_val )); then
                (( $# > 0 )) || usage_error "$arg needs a value"
                val=$1
                shift
            fi
            if [[ $arg == --preset ]]; then OPT_PRESET=$val; else set_opt "${arg#--}" "$val"; fi
            ;;
        *) usage_error "unknown argument: $arg" ;;
    esac
done

# Defaults, then the preset, then explicit options.
FAMILY=4 WORKLOAD=keystrokes EVENT=link AT=3 DURATION=5 AFTER=5 CLIENT_RETRIES2='' SERVER_RETRIES2=''
LOSS=0 OFFLOADS=off BULK_RATE=128 CAPTURE_AT=client CAPTURER=tcpdump OUT='' MANIFEST='' FULL=0 KEEP=0 NAME=''
DROP_DIRECTION=c2s SERVER_ALIVE='' DESTROY_AT='' LINK_TYPE='' CAPTURE_FILTER='' ROTATE='' CAPTURE_START=''
CAPTURE_STOP='' CAPTURE_LOG='' SECOND_AT='' NAT=0
case $OPT_PRESET in
    '') ;;
    survived-link)    WORKLOAD=keystrokes EVENT=link ;;
    survived-restart) WORKLOAD=keystrokes EVENT=restart ;;
    survived-output)  WORKLOAD=output EVENT=link ;;
    died-retries)     WORKLOAD=both EVENT=link DURATION=20 CLIENT_RETRIES2=3 ;;
    idle)             WORKLOAD=idle EVENT=link ;;
    sshd-restart)     WORKLOAD=keystrokes EVENT=sshd ;;
    ipv6)             WORKLOAD=keystrokes EVENT=link FAMILY=6 ;;
    bulk)             WORKLOAD=bulk EVENT=link ;;
    midstream)        WORKLOAD=keystrokes EVENT=link CAPTURE_START=1 ;;
    midstream-output) WORKLOAD=output EVENT=link CAPTURE_START=1 ;;
    keepalive)        WORKLOAD=both EVENT=link DURATION=10 SERVER_ALIVE=1:2 ;;
    peer-reboot)      WORKLOAD=keystrokes EVENT=link DESTROY_AT=2 ;;
    one-way)          WORKLOAD=both EVENT=oneway DROP_DIRECTION=c2s ;;
    one-way-s2c)      WORKLOAD=both EVENT=oneway DROP_DIRECTION=s2c ;;
    any-router)       WORKLOAD=keystrokes EVENT=link CAPTURE_AT=router-any LINK_TYPE=LINUX_SLL2 ;;
    any-router-sll)   WORKLOAD=keystrokes EVENT=link CAPTURE_AT=router-any LINK_TYPE=LINUX_SLL ;;
    rotated)          WORKLOAD=keystrokes EVENT=link ROTATE=2 ;;
    one-direction)    WORKLOAD=keystrokes EVENT=link CAPTURE_FILTER='tcp and src host CLIENT' ;;
    heavy-loss)       WORKLOAD=keystrokes EVENT=none LOSS=250 DURATION=6 ;;
    silence-to-end)   WORKLOAD=keystrokes EVENT=client-link DURATION=8 CAPTURE_STOP=4 ;;
    pair-cut)         WORKLOAD=both EVENT=oneway DROP_DIRECTION=both LOSS=20 SECOND_AT=server ;;
    pair-nat)         WORKLOAD=both EVENT=oneway DROP_DIRECTION=both LOSS=20 SECOND_AT=server NAT=1 ;;
    *) usage_error "unknown preset: $OPT_PRESET" ;;
esac
[[ -n $OPT_PRESET ]] && NAME=$OPT_PRESET
for k in "${!OPT[@]}"; do
    v=${OPT[$k]}
    case $k in
        name) NAME=$v ;;
        family) FAMILY=$v ;;
        workload) WORKLOAD=$v ;;
        event) EVENT=$v ;;
        at) AT=$v ;;
        duration) DURATION=$v ;;
        after) AFTER=$v ;;
        client-retries2) CLIENT_RETRIES2=$v ;;
        server-retries2) SERVER_RETRIES2=$v ;;
        loss) LOSS=$v ;;
        offloads) OFFLOADS=$v ;;
        bulk-rate) BULK_RATE=$v ;;
        capture-at) CAPTURE_AT=$v ;;
        capturer) CAPTURER=$v ;;
        out) OUT=$v ;;
        manifest) MANIFEST=$v ;;
        full) FULL=1 ;;
        keep) KEEP=1 ;;
        drop-direction) DROP_DIRECTION=$v ;;
        server-alive) SERVER_ALIVE=$v ;;
        destroy-sockets) DESTROY_AT=$v ;;
        link-type) LINK_TYPE=$v ;;
        capture-filter) CAPTURE_FILTER=$v ;;
        rotate-seconds) ROTATE=$v ;;
        capture-start) CAPTURE_START=$v ;;
        capture-stop) CAPTURE_STOP=$v ;;
        capture-log) CAPTURE_LOG=$v ;;
        second-capture-at) SECOND_AT=$v ;;
        nat) NAT=1 ;;
    esac
done

[[ $FAMILY == 4 || $FAMILY == 6 ]] || usage_error "--family must be 4 or 6, not '$FAMILY'"
[[ $WORKLOAD =~ ^(keystrokes|output|idle|bulk|both)$ ]] || usage_error "unknown workload: $WORKLOAD"
[[ $EVENT =~ ^(link|restart|sshd|oneway|client-link|none)$ ]] || usage_error "unknown event: $EVENT"
[[ $CAPTURE_AT =~ ^(client|server|router|router-any)$ ]] || usage_error "unknown capture point: $CAPTURE_AT"
[[ $DROP_DIRECTION =~ ^(c2s|s2c|both)$ ]] || usage_error "--drop-direction must be c2s, s2c or both"
if [[ -n $SECOND_AT ]]; then
    [[ $SECOND_AT =~ ^(client|server|router)$ ]] || usage_error "--second-capture-at must be client, server or router"
    [[ $SECOND_AT != "$CAPTURE_AT" ]] || usage_error "--second-capture-at must differ from --capture-at"
    [[ $CAPTURER == tcpdump && -z $ROTATE ]] || usage_error "--second-capture-at needs --capturer tcpdump and no --rotate-seconds"
fi
[[ -z $SERVER_ALIVE || $SERVER_ALIVE =~ ^[1-9][0-9]*:[1-9][0-9]*$ ]] ||
    usage_error "--server-alive needs INTERVAL:COUNT, e.g. 1:2"
[[ -z $LINK_TYPE || $LINK_TYPE =~ ^[A-Z0-9_]+$ ]] || usage_error "--link-type needs a DLT name such as LINUX_SLL2"
[[ -z $ROTATE ]] || is_int "$ROTATE" && [[ $ROTATE != 0 ]] || usage_error "--rotate-seconds needs a positive integer"
for pair in "destroy-sockets:$DESTROY_AT" "capture-start:$CAPTURE_START" "capture-stop:$CAPTURE_STOP"; do
    [[ -z ${pair#*:} ]] || is_number "${pair#*:}" || usage_error "--${pair%%:*} needs a number of seconds"
done
if [[ $CAPTURER != tcpdump ]] && [[ -n $LINK_TYPE$CAPTURE_FILTER$ROTATE ]]; then
    usage_error "--link-type, --capture-filter and --rotate-seconds need --capturer tcpdump"
fi
[[ $CAPTURER =~ ^(tcpdump|pcapsurvival|dumpcap)$ ]] || usage_error "unknown capturer: $CAPTURER"
[[ -z $CAPTURE_LOG || $CAPTURER == pcapsurvival ]] || usage_error "--capture-log needs --capturer pcapsurvival"
[[ $OFFLOADS == on || $OFFLOADS == off ]] || usage_error "--offloads must be on or off"
for pair in "at:$AT" "duration:$DURATION" "after:$AFTER"; do
    is_number "${pair#*:}" || usage_error "--${pair%%:*} needs a number of seconds, not '${pair#*:}'"
done
[[ -z $CLIENT_RETRIES2 ]] || is_int "$CLIENT_RETRIES2" || usage_error "--client-retries2 needs an integer"
[[ -z $SERVER_RETRIES2 ]] || is_int "$SERVER_RETRIES2" || usage_error "--server-retries2 needs an integer"
is_int "$LOSS" && (( LOSS <= 1000 )) || usage_error "--loss needs an integer from 0 to 1000"
is_int "$BULK_RATE" && (( BULK_RATE > 0 )) || usage_error "--bulk-rate needs a positive integer (KiB/s)"
[[ -z $NAME ]] && NAME=$WORKLOAD-$EVENT-v$FAMILY
[[ $NAME =~ ^[A-Za-z0-9._-]+$ ]] || usage_error "--name may use letters, digits, '.', '_' and '-' only"
to_us "$AT" AT_US
to_us "$DURATION" DURATION_US
to_us "$AFTER" AFTER_US
for v in DESTROY_AT CAPTURE_START CAPTURE_STOP; do
    if [[ -n ${!v} ]]; then to_us "${!v}" "${v}_US"; else printf -v "${v}_US" ''; fi
done
if [[ -n $CAPTURE_START ]] && (( CAPTURE_START_US >= AT_US )); then
    usage_error "--capture-start must come before the event (--at $AT)"
fi
for pair in destroy-sockets:DESTROY_AT capture-stop:CAPTURE_STOP; do
    v=${pair#*:}
    [[ -n ${!v} ]] || continue
    if [[ $EVENT == none || $EVENT == sshd ]] || (( ${v}_US >= DURATION_US )); then
        usage_error "--${pair%%:*} must fall inside a network event (0 to --duration $DURATION s)"
    fi
done

# ---------------------------------------------------------------------------------------------------------
# Requirements

(( BASH_VERSINFO[0] >= 5 )) || { log "error: bash 5 or later is needed"; exit 3; }
if (( EUID != 0 )); then
    log "error: must run as root (it creates network namespaces and starts sshd)"
    exit 3
fi
missing=()
have() { local p; p=$(type -P "$1") && [[ -f $p && -x $p ]]; }
need() { have "$1" || [[ " ${missing[*]} " == *" $2 "* ]] || missing+=("$2"); }
[[ -x /usr/sbin/sshd ]] || missing+=(openssh-server)
need ssh openssh-client
need ssh-keygen openssh-client
need ip iproute2
need ss iproute2
need nft nftables
need ethtool ethtool
need sysctl procps
need pkill procps
[[ $CAPTURER == tcpdump ]] && need tcpdump tcpdump
[[ $CAPTURER == dumpcap ]] && need dumpcap wireshark-common
if (( ${#missing[@]} > 0 )); then
    log "error: missing packages: ${missing[*]}"
    log "install them with: apt-get install -y ${missing[*]}"
    exit 3
fi
CAPTURER_CMD=()
if [[ $CAPTURER == pcapsurvival ]]; then
    read -r -a CAPTURER_CMD <<< "${PCAPSURVIVAL:-pcapsurvival}"
    if ! have "${CAPTURER_CMD[0]}"; then
        log "error: capturer '${CAPTURER_CMD[0]}' not found; set PCAPSURVIVAL to the command, e.g."
        log "  PCAPSURVIVAL=\"dotnet /path/pcapsurvival.dll\" $PROG --capturer pcapsurvival ..."
        exit 3
    fi
fi

# ---------------------------------------------------------------------------------------------------------
# Names, addresses, files

PFX=psl-$$
NS_CLI=$PFX-cli
NS_RTR=$PFX-rtr
NS_SRV=$PFX-srv
NFT_TABLE=psl_$$
IF_CLI=eth0         # in the client namespace
IF_RTR_CLI=eth-cli  # in the router, facing the client
IF_RTR_SRV=eth-srv  # in the router, facing the server
IF_SRV=eth0         # in the server namespace
if [[ $FAMILY == 4 ]]; then
    CLI_ADDR=192.0.2.2 RTR_CLI_ADDR=192.0.2.1 RTR_SRV_ADDR=198.51.100.1 SRV_ADDR=198.51.100.2 PLEN=24
    NODAD=() LISTEN=0.0.0.0
else
    CLI_ADDR=2001:db8:1::2 RTR_CLI_ADDR=2001:db8:1::1 RTR_SRV_ADDR=2001:db8:2::1 SRV_ADDR=2001:db8:2::2 PLEN=64
    NODAD=(nodad) LISTEN=::
fi
case $CAPTURE_AT in
    client) CAP_NS=$NS_CLI CAP_DEV=$IF_CLI ;;
    server) CAP_NS=$NS_SRV CAP_DEV=$IF_SRV ;;
    router) CAP_NS=$NS_RTR CAP_DEV=$IF_RTR_CLI ;;
    router-any) CAP_NS=$NS_RTR CAP_DEV=any ;;
esac
SNAPLEN=128
(( FULL )) && SNAPLEN=262144

WORK='' OUT_DIR_CREATED=''
CREATED_NS=()
NFT_CREATED=0 ONEWAY_CREATED=0
SECOND_PID='' SECOND_OUT='' NAT_CREATED=0 ONEWAY_DROPPED=0 ROUTER_DROPPED=''
CAP_PID='' SSH_PID='' GEN_PID='' SSHD_PID=''
STOPPED_CAPTURE=0
CLEANING=0

for ns in "$NS_CLI" "$NS_RTR" "$NS_SRV"; do
    if [[ -e /run/netns/$ns ]]; then
        log "error: network namespace $ns already exists (left by a run killed with SIGKILL?);"
        log "it is not this run's, so it is left alone; remove it with: ip netns delete $ns"
        exit 2
    fi
done

# ---------------------------------------------------------------------------------------------------------
# Teardown: runs on every exit (success, failure, SIGINT, SIGTERM)

stop_pid() {  # stop_pid PID SECONDS: SIGTERM, wait, SIGKILL; only this shell's own children
    local p=$1 i
    [[ -n $p ]] && is_my_child "$p" || return 0
    kill -TERM "$p" 2>/dev/null
    for (( i = 0; i < $2 * 50; i++ )); do
        is_my_child "$p" || break
        sleep 0.02
    done
    is_my_child "$p" && kill -KILL "$p" 2>/dev/null
    wait "$p" 2>/dev/null
    return 0
}

ns_pids() { local ns; for ns in "${CREATED_NS[@]}"; do ip netns pids "$ns" 2>/dev/null; done; }

cleanup() {
    local rc=$? p i ns left
    (( CLEANING )) && return
    CLEANING=1
    trap '' INT TERM
    [[ -n $WORK && -d $WORK ]] && : > "$WORK/stop"
    # The capture first, so that it records the run as it was, not its teardown.
    if [[ -n $CAP_PID ]] && (( ! STOPPED_CAPTURE )); then
        stop_pid "$CAP_PID" 10
    fi
    [[ -n $SECOND_PID ]] && stop_pid "$SECOND_PID" 10
    (( NAT_CREATED )) && nsx "$NS_RTR" nft delete table ip "${NFT_TABLE}_nat" 2>/dev/null
    # Everything running inside this run's namespaces is this run's: first what is not this shell's
    # own child (ssh clients, sshd sessions and their commands), so that their parents reap them...
    for p in $(ns_pids); do is_my_child "$p" || kill -TERM "$p" 2>/dev/null; done
    for (( i = 0; i < 30; i++ )); do
        left=0
        for p in $(ns_pids); do is_my_child "$p" || left=1; done
        (( left )) || break
        sleep 0.1
    done
    # ...then this shell's children, by pid: sshd (by its pid file), the ssh wrapper, workload helpers.
    if [[ -n $SSHD_PID && -s $WORK/sshd.pid && $(< "$WORK/sshd.pid") == "$SSHD_PID" ]]; then
        stop_pid "$SSHD_PID" 3
    fi
    for p in "${PIDS[@]}"; do is_my_child "$p" && kill -TERM "$p" 2>/dev/null; done
    for (( i = 0; i < 20; i++ )); do
        [[ -z $(ns_pids) ]] && break
        sleep 0.1
    done
    for p in $(ns_pids); do kill -KILL "$p" 2>/dev/null; done
    for p in "${PIDS[@]}" "$SSHD_PID"; do
        [[ -n $p ]] || continue
        is_my_child "$p" && kill -KILL "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    if (( NFT_CREATED )); then
        nsx "$NS_RTR" nft delete table inet "$NFT_TABLE" 2>/dev/null
    fi
    # the oneway event's table, if the run stopped during the event
    (( ONEWAY_CREATED )) && nsx "$NS_RTR" nft delete table inet "${NFT_TABLE}_oneway" 2>/dev/null
    for ns in "${CREATED_NS[@]}"; do
        ip netns delete "$ns" 2>/dev/null || warn "could not delete namespace $ns"
    done
    if [[ -n $WORK && -d $WORK ]]; then
        if (( KEEP )); then
            log "work directory kept: $WORK"
        else
            rm -rf -- "$WORK"
        fi
    fi
    # A default output directory that never got a capture is removed too.
    if [[ -n $OUT_DIR_CREATED && -d $OUT_DIR_CREATED ]]; then
        rmdir -- "$OUT_DIR_CREATED" 2>/dev/null
    fi
    (( rc != 0 )) && log "exit status $rc"
    exit "$rc"
}
on_signal() {
    log "interrupted by SIG$1, tearing down"
    [[ $1 == INT ]] && exit 130
    exit 143
}

# ---------------------------------------------------------------------------------------------------------
# Network

# wait_oper_up NS DEV: until the kernel has the link operational (carrier changes reach the qdisc and
# IPv6 through linkwatch, up to a second after 'link set up'; packets sent before that are dropped)
wait_oper_up() {
    local i
    for (( i = 0; i < 250; i++ )); do
        [[ $(ip -n "$1" -o link show dev "$2" 2>/dev/null) == *" state UP "* ]] && return 0
        sleep 0.02
    done
    warn "$2 in $1 is not operational 5 s after link up"
    return 1
}

server_net_up() {  # link up, address and default route back (IPv6 addresses vanish on link down)
    ip -n "$NS_SRV" link set "$IF_SRV" up &&
    ip -n "$NS_SRV" addr replace "$SRV_ADDR/$PLEN" dev "$IF_SRV" "${NODAD[@]}" &&
    ip -n "$NS_SRV" -"$FAMILY" route replace default via "$RTR_SRV_ADDR" dev "$IF_SRV" || return 1
    wait_oper_up "$NS_SRV" "$IF_SRV"
    wait_oper_up "$NS_RTR" "$IF_RTR_SRV"
    return 0
}

setup_network() {
    local ns dev
    for ns in "$NS_CLI" "$NS_RTR" "$NS_SRV"; do
        ip netns add "$ns" || fail "cannot create network namespace $ns"
        CREATED_NS+=("$ns")
        ip -n "$ns" link set lo up
        # No duplicate address detection in the lab, or a new IPv6 address is unusable for a while.
        nsx "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 2>/dev/null
    done
    ip -n "$NS_CLI" link add "$IF_CLI" type veth peer name "$IF_RTR_CLI" netns "$NS_RTR" ||
        fail "cannot create the client veth pair"
    ip -n "$NS_SRV" link add "$IF_SRV" type veth peer name "$IF_RTR_SRV" netns "$NS_RTR" ||
        fail "cannot create the server veth pair"
    nsx "$NS_RTR" sysctl -qw net.ipv4.ip_forward=1 || fail "cannot turn on forwarding in the router"
    if [[ $FAMILY == 6 ]]; then
        nsx "$NS_RTR" sysctl -qw net.ipv6.conf.all.forwarding=1 || fail "cannot turn on IPv6 forwarding"
        for ns in "$NS_CLI" "$NS_SRV"; do
            nsx "$ns" sysctl -qw net.ipv6.conf.eth0.accept_dad=0 net.ipv6.conf.eth0.accept_ra=0
        done
        for dev in "$IF_RTR_CLI" "$IF_RTR_SRV"; do
            nsx "$NS_RTR" sysctl -qw "net.ipv6.conf.$dev.accept_dad=0"
        done
    fi
    ip -n "$NS_CLI" addr add "$CLI_ADDR/$PLEN" dev "$IF_CLI" "${NODAD[@]}" &&
    ip -n "$NS_RTR" addr add "$RTR_CLI_ADDR/$PLEN" dev "$IF_RTR_CLI" "${NODAD[@]}" &&
    ip -n "$NS_RTR" addr add "$RTR_SRV_ADDR/$PLEN" dev "$IF_RTR_SRV" "${NODAD[@]}" &&
    ip -n "$NS_SRV" addr add "$SRV_ADDR/$PLEN" dev "$IF_SRV" "${NODAD[@]}" || fail "cannot add addresses"
    if [[ $OFFLOADS == off ]]; then
        # veth merges segments into 64 KB super-packets unless these are off
        nsx "$NS_CLI" ethtool -K "$IF_CLI" tso off gso off gro off >/dev/null &&
        nsx "$NS_RTR" ethtool -K "$IF_RTR_CLI" tso off gso off gro off >/dev/null &&
        nsx "$NS_RTR" ethtool -K "$IF_RTR_SRV" tso off gso off gro off >/dev/null &&
        nsx "$NS_SRV" ethtool -K "$IF_SRV" tso off gso off gro off >/dev/null ||
            fail "cannot turn offloads off (ethtool -K)"
    fi
    ip -n "$NS_CLI" link set "$IF_CLI" up &&
    ip -n "$NS_RTR" link set "$IF_RTR_CLI" up &&
    ip -n "$NS_RTR" link set "$IF_RTR_SRV" up || fail "cannot set links up"
    ip -n "$NS_CLI" -"$FAMILY" route add default via "$RTR_CLI_ADDR" dev "$IF_CLI" ||
        fail "cannot add the client's default route"
    server_net_up || fail "cannot bring the server's network up"
    wait_oper_up "$NS_CLI" "$IF_CLI"
    wait_oper_up "$NS_RTR" "$IF_RTR_CLI"
    if [[ -n $CLIENT_RETRIES2 ]]; then
        nsx "$NS_CLI" sysctl -qw net.ipv4.tcp_retries2="$CLIENT_RETRIES2" || fail "cannot set tcp_retries2"
    fi
    if [[ -n $SERVER_RETRIES2 ]]; then
        nsx "$NS_SRV" sysctl -qw net.ipv4.tcp_retries2="$SERVER_RETRIES2" || fail "cannot set tcp_retries2"
    fi
    if (( LOSS > 0 )); then
        nsx "$NS_RTR" nft -f - <<EOF || fail "cannot add the nftables loss rule"
table inet $NFT_TABLE {
    chain forward {
        type filter hook forward priority 0; policy accept;
        meta l4proto tcp numgen random mod 1000 < $LOSS counter drop
    }
}
EOF
        NFT_CREATED=1
    fi
    (( NAT )) && setup_nat
    local msg="namespaces $NS_CLI ($CLI_ADDR) - $NS_RTR - $NS_SRV ($SRV_ADDR), offloads $OFFLOADS"
    [[ -n $CLIENT_RETRIES2 ]] && msg+=", client tcp_retries2=$CLIENT_RETRIES2"
    [[ -n $SERVER_RETRIES2 ]] && msg+=", server tcp_retries2=$SERVER_RETRIES2"
    (( LOSS > 0 )) && msg+=", loss $LOSS/1000"
    log "$msg"
}

# ---------------------------------------------------------------------------------------------------------
# sshd and ssh

setup_sshd() {
    mkdir -p /run/sshd && chmod 0755 /run/sshd || fail "cannot create /run/sshd"
    ssh-keygen -q -t ed25519 -N '' -C "psl-host-$$" -f "$WORK/host_ed25519" </dev/null ||
        fail "cannot generate the host key"
    ssh-keygen -q -t ed25519 -N '' -C "psl-client-$$" -f "$WORK/id_ed25519" </dev/null ||
        fail "cannot generate the client key"
    cp "$WORK/id_ed25519.pub" "$WORK/authorized_keys"
    cat > "$WORK/sshd_config" <<EOF
# throwaway sshd for restart-lab run $$ (lab only)
Port 22
ListenAddress $LISTEN
HostKey $WORK/host_ed25519
AuthorizedKeysFile $WORK/authorized_keys
PidFile $WORK/sshd.pid
UsePAM no
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin yes
UseDNS no
PrintMotd no
X11Forwarding no
AllowTcpForwarding no
LogLevel VERBOSE
EOF
    /usr/sbin/sshd -t -f "$WORK/sshd_config" 2> "$WORK/sshd-check.err" ||
        fail "sshd rejects its configuration: $(< "$WORK/sshd-check.err")"
    SSH_OPTS=(-F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
              -o IdentitiesOnly=yes -o LogLevel=ERROR -o ConnectTimeout=10 -i "$WORK/id_ed25519")
}

# start_sshd: the listener, whose pid the pid file names, listening on port 22
start_sshd() {
    local i
    rm -f "$WORK/sshd.pid"
    # -D (as under systemd): the listener stays this script's child, so it is reaped here
    ip netns exec "$NS_SRV" /usr/sbin/sshd -D -f "$WORK/sshd_config" -E "$WORK/sshd.log" < /dev/null &
    SSHD_PID=$!
    for (( i = 0; i < 100; i++ )); do
        is_my_child "$SSHD_PID" || fail "sshd exited: $(tail -n 5 "$WORK/sshd.log" 2>/dev/null)"
        if [[ -s $WORK/sshd.pid && $(< "$WORK/sshd.pid") == "$SSHD_PID" ]] &&
           nsx "$NS_SRV" ss -Hltn 'sport = :22' | grep -q LISTEN; then
            return 0
        fi
        sleep 0.05
    done
    fail "sshd is not listening after 5 s: $(tail -n 5 "$WORK/sshd.log" 2>/dev/null)"
}

# stop_sshd: SIGTERM to the listener (by its pid file) only; running sessions have their own processes
stop_sshd() {
    local pid
    pid=$(< "$WORK/sshd.pid") || fail "no sshd pid file"
    [[ $pid == "$SSHD_PID" ]] || fail "the sshd pid file says '$pid', this run started $SSHD_PID"
    stop_pid "$pid" 5
    nsx "$NS_SRV" ss -Hltn 'sport = :22' | grep -q LISTEN && warn "something still listens on port 22"
    SSHD_PID=''
}

# ---------------------------------------------------------------------------------------------------------
# Workloads. Client-side generators write into a fifo that is the ssh client's stdin; they stop when
# $WORK/stop appears, which ends the session cleanly (EOF, then the remote command exits).

gen_lines() {  # a line every 100 ms, counted in $WORK/sent-count
    local i=0 tick
    exec {tick}<> "$WORK/tick.fifo"   # read -t on a fifo nobody writes: a sleep without a fork
    while [[ ! -e $WORK/ready && ! -e $WORK/stop ]]; do read -r -t 0.05 -u "$tick"; done
    while [[ ! -e $WORK/stop ]]; do
        i=$(( i + 1 ))
        printf 'line %d %s\n' "$i" "$EPOCHREALTIME" || break
        printf '%d\n' "$i" > "$WORK/sent-count"
        read -r -t 0.1 -u "$tick"
    done
}

gen_bulk() {  # 16 KiB blocks at BULK_RATE KiB/s, counted in $WORK/sent-count
    local i=0 tick block next now wait_us
    local period_us=$(( 16 * 1000000 / BULK_RATE ))
    exec {tick}<> "$WORK/tick.fifo"
    printf -v block '%16384s' ''
    while [[ ! -e $WORK/ready && ! -e $WORK/stop ]]; do read -r -t 0.05 -u "$tick"; done
    now_us next
    while [[ ! -e $WORK/stop ]]; do
        printf '%s' "$block" || break
        i=$(( i + 1 ))
        printf '%d\n' "$i" > "$WORK/sent-count"
        next=$(( next + period_us ))
        now_us now
        wait_us=$(( next - now ))
        if (( wait_us > 0 )); then
            read -r -t "$(us_to_s "$wait_us")" -u "$tick"
        elif (( wait_us < -period_us )); then
            next=$now  # blocked by a full window: do not catch up, the rate is a ceiling
        fi
    done
}

start_workload() {
    local remote stdin=/dev/null q=$WORK i
    local out_loop="i=0; while [ ! -e '$q/stop' ]; do i=\$((i+1)); echo \"out \$i \$(date +%s.%N)\"; echo \$i > '$q/srv-count'; sleep 0.5; done"
    mkfifo "$WORK/in.fifo" "$WORK/tick.fifo" || fail "mkfifo failed"
    case $WORKLOAD in
        keystrokes)
            remote='echo psl-ready; exec cat'
            stdin=$WORK/in.fifo
            gen_lines > "$WORK/in.fifo" &
            ;;
        output)
            remote="echo psl-ready; $out_loop"
            ;;
        idle)
            # long enough for the whole run; the session ends by itself
            remote="echo psl-ready; exec sleep $(( (AT_US + DURATION_US + AFTER_US) / 1000000 + 2 ))"
            ;;
        bulk)
            remote='echo psl-ready; n=$(wc -c); echo "bytes $n"'
            stdin=$WORK/in.fifo
            gen_bulk > "$WORK/in.fifo" &
            ;;
        both)
            remote="echo psl-ready; ( $out_loop ) & cat; wait"
            stdin=$WORK/in.fifo
            gen_lines > "$WORK/in.fifo" &
            ;;
    esac
    if [[ $stdin != /dev/null ]]; then
        GEN_PID=$!
        track "$GEN_PID"
    fi
    local alive=()
    [[ -n $SERVER_ALIVE ]] && alive=(-o LogLevel=INFO -o "ServerAliveInterval=${SERVER_ALIVE%:*}" -o "ServerAliveCountMax=${SERVER_ALIVE#*:}")
    now_us STARTED_US
    # a small sh around ssh notes when ssh exits (that is when a client that gave up died)
    ip netns exec "$NS_CLI" sh -c 'ssh "$@"; rc=$?; date +%s%N > "$0"; exit $rc' "$WORK/ssh-exit-ns" \
        "${alive[@]}" "${SSH_OPTS[@]}" "root@$SRV_ADDR" "$remote" < "$stdin" > "$WORK/ssh.out" 2> "$WORK/ssh.err" &
    SSH_PID=$!
    track "$SSH_PID"
    for (( i = 0; i < 400; i++ )); do
        if grep -qx psl-ready "$WORK/ssh.out" 2>/dev/null; then
            : > "$WORK/ready"
            now_us SESSION_US
            log "ssh session up ($WORKLOAD) after $(us_to_s $(( SESSION_US - STARTED_US ))) s"
            return 0
        fi
        is_my_child "$SSH_PID" || break
        sleep 0.05
    done
    fail "the ssh session did not start: $(tail -n 5 "$WORK/ssh.err") / sshd: $(tail -n 3 "$WORK/sshd.log")"
}

# end_session: let the workload finish cleanly and wait for the ssh client (at most 20 s)
end_session() {
    local i
    : > "$WORK/stop"
    for (( i = 0; i < 200; i++ )); do
        is_my_child "$SSH_PID" || break
        sleep 0.1
    done
    if is_my_child "$SSH_PID"; then
        warn "the ssh client did not exit 20 s after the end of the workload; stopping it"
        pkill -TERM -P "$SSH_PID"
    fi
    wait "$SSH_PID"
    SSH_EXIT=$?
    ENDED_NS=''
    [[ -s $WORK/ssh-exit-ns ]] && ENDED_NS=$(< "$WORK/ssh-exit-ns")
    [[ $ENDED_NS =~ ^[0-9]+$ ]] || { now_us ENDED_NS; ENDED_NS+=000; }
    [[ -n $GEN_PID ]] && stop_pid "$GEN_PID" 2
}

# ---------------------------------------------------------------------------------------------------------
# Capture

CAPTURE_STARTED_NS='' CAPTURE_READY_NS='' CAPTURE_STOPPED_NS='' CAPTURE_FILES=()
capture_filter_expr() { local f=${CAPTURE_FILTER//CLIENT/$CLI_ADDR}; printf '%s' "${f//SERVER/$SRV_ADDR}"; }

start_capture() {
    local i cmd ready_file=$OUT filter=()
    case $CAPTURER in
        # --immediate-mode: with TPACKET_V3 blocks, packets of the last second before SIGTERM are lost otherwise
        tcpdump)
            cmd=(tcpdump -Z root -U --immediate-mode -n -s "$SNAPLEN" -i "$CAP_DEV")
            [[ -n $LINK_TYPE ]] && cmd+=(-y "$LINK_TYPE")
            if [[ -n $ROTATE ]]; then
                # -G needs a strftime name, or each new file overwrites the last
                cmd+=(-G "$ROTATE" -w "$ROTATE_PATTERN")
                ready_file=''
            else
                cmd+=(-w "$OUT")
            fi
            if [[ -n $CAPTURE_FILTER ]]; then
                read -r -a filter <<< "$(capture_filter_expr)"
                cmd+=("${filter[@]}")
            fi
            ;;
        pcapsurvival) cmd=("${CAPTURER_CMD[@]}" capture -i "$CAP_DEV" -s "$SNAPLEN" -w "$OUT") ;;
        dumpcap) cmd=(dumpcap -q -s "$SNAPLEN" -i "$CAP_DEV" -w "$OUT") ;;
    esac
    rm -f -- "$OUT"
    now_ns CAPTURE_STARTED_NS
    if [[ -n $CAPTURE_LOG ]]; then
        start_capture_log
        ip netns exec "$CAP_NS" "${cmd[@]}" >&"$CAPTURE_LOG_FD" 2> "$WORK/capture.err" &
        CAP_PID=$!
        exec {CAPTURE_LOG_FD}>&-  # the capturer holds the only writer: its exit ends the stamper
    else
        ip netns exec "$CAP_NS" "${cmd[@]}" > "$WORK/capture.out" 2> "$WORK/capture.err" &
        CAP_PID=$!
    fi
    track "$CAP_PID"
    # tcpdump says "listening on"; for other capturers wait for the file header to be written
    for (( i = 0; i < 400; i++ )); do
        is_my_child "$CAP_PID" || fail "the capturer exited: $(tail -n 5 "$WORK/capture.err")"
        if grep -qi 'listening on' "$WORK/capture.err" 2>/dev/null ||
           { [[ $CAPTURER != tcpdump ]] && [[ -s $ready_file ]]; }; then
            [[ $CAPTURER != tcpdump ]] && sleep 0.5
            now_ns CAPTURE_READY_NS
            log "capturing on $CAPTURE_AT ($CAP_NS $CAP_DEV) with $CAPTURER into ${ready_file:-$ROTATE_PATTERN}"
            return 0
        fi
        sleep 0.05
    done
    fail "the capturer is not ready after 20 s: $(tail -n 5 "$WORK/capture.err")"
}

# --capture-log: the capturer's stdout through a stamper, a child of this shell (a process substitution), each
# line prefixed with the time it was read; its end is waited for once the capturer stopped.
CAPTURE_LOG_FD='' CAPTURE_LOG_PID=''
start_capture_log() {
    mkdir -p -- "$(dirname -- "$CAPTURE_LOG")" || fail "cannot create the directory of $CAPTURE_LOG"
    exec {CAPTURE_LOG_FD}> >(while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done > "$CAPTURE_LOG")
    CAPTURE_LOG_PID=$!
    track "$CAPTURE_LOG_PID"
}
finish_capture_log() {
    [[ -n $CAPTURE_LOG_PID ]] || return 0
    local i
    for (( i = 0; i < 100; i++ )); do
        kill -0 "$CAPTURE_LOG_PID" 2>/dev/null || break
        sleep 0.05
    done
    kill -0 "$CAPTURE_LOG_PID" 2>/dev/null && warn "the capture log's stamper did not end with the capturer"
    CAPTURE_LOG_PID=''
}

# halt_capture: SIGTERM to the capturer (the time just before is the capture's end) and wait for it
halt_capture() {
    local f
    is_my_child "$CAP_PID" ||
        warn "the capturer stopped before the end of the run: $(tail -n 3 "$WORK/capture.err" | tr '\n' ' ')"
    now_ns CAPTURE_STOPPED_NS
    stop_pid "$CAP_PID" 10
    STOPPED_CAPTURE=1
    finish_capture_log
    if [[ -n $ROTATE ]]; then
        CAPTURE_FILES=()
        for f in $ROTATE_GLOB; do [[ -s $f ]] && CAPTURE_FILES+=("$f"); done  # by name: by time
        (( ${#CAPTURE_FILES[@]} > 0 )) || fail "no capture files: $(tail -n 5 "$WORK/capture.err")"
        OUT=${CAPTURE_FILES[0]}
    fi
    [[ -s $OUT ]] || fail "the capture file is empty: $(tail -n 5 "$WORK/capture.err")"
    log "capture stopped: $(grep -h 'packets captured' "$WORK/capture.err" | tr '\n' ' ')$(du -cb "${CAPTURE_FILES[@]:-$OUT}" | tail -n 1 | cut -f 1) bytes in $(( ${#CAPTURE_FILES[@]} > 0 ? ${#CAPTURE_FILES[@]} : 1 )) file(s)"
}

stop_capture() {
    (( STOPPED_CAPTURE )) && return 0  # --capture-stop: stopped during the event
    sleep 0.3  # the last ACKs and FINs
    halt_capture
}

# ---------------------------------------------------------------------------------------------------------
# Two capture points (--second-capture-at) and the router's drop count, for comparing captures (issue 18)

start_second_capture() {
    [[ -n $SECOND_AT ]] || return 0
    local ns dev i
    case $SECOND_AT in
        client) ns=$NS_CLI dev=$IF_CLI ;;
        server) ns=$NS_SRV dev=$IF_SRV ;;
        router) ns=$NS_RTR dev=$IF_RTR_CLI ;;
    esac
    SECOND_OUT=${OUT%.pcap*}-at-$SECOND_AT.pcap
    rm -f -- "$SECOND_OUT"
    ip netns exec "$ns" tcpdump -Z root -U --immediate-mode -n -s "$SNAPLEN" -i "$dev" -w "$SECOND_OUT" \
        > /dev/null 2> "$WORK/second-capture.err" &
    SECOND_PID=$!
    track "$SECOND_PID"
    for (( i = 0; i < 400; i++ )); do
        is_my_child "$SECOND_PID" || fail "the second capturer exited: $(tail -n 5 "$WORK/second-capture.err")"
        if grep -qi 'listening on' "$WORK/second-capture.err" 2>/dev/null; then
            log "capturing on $SECOND_AT too ($ns $dev) into $SECOND_OUT"
            return 0
        fi
        sleep 0.05
    done
    fail "the second capturer is not ready after 20 s"
}

stop_second_capture() {
    [[ -n $SECOND_PID ]] || return 0
    stop_pid "$SECOND_PID" 10
    SECOND_PID=''
    log "second capture stopped: $(grep -h 'packets captured' "$WORK/second-capture.err" | tr '\n' ' ')"
}

# nft_dropped TABLE: packets counted by the counters of one of this run's tables in the router
nft_dropped() {
    local n=0 v
    for v in $(nsx "$NS_RTR" nft list table inet "$1" 2>/dev/null | sed -n 's/.*counter packets \([0-9][0-9]*\) .*/\1/p'); do
        n=$(( n + v ))
    done
    echo "$n"
}

count_router_drops() {
    [[ -n $SECOND_AT ]] || return 0
    local loss=0
    (( NFT_CREATED )) && loss=$(nft_dropped "$NFT_TABLE")
    ROUTER_DROPPED=$(( loss + ONEWAY_DROPPED ))
    log "the router dropped $ROUTER_DROPPED TCP packets ($loss random, $ONEWAY_DROPPED in the event)"
}

setup_nat() {  # the router masquerades what it forwards towards the server: the server sees the router's address
    nsx "$NS_RTR" nft -f - <<EOF || fail "cannot add the nftables NAT rule"
table ip ${NFT_TABLE}_nat {
    chain postrouting {
        type nat hook postrouting priority 100; policy accept;
        oifname "$IF_RTR_SRV" masquerade random
    }
}
EOF
    NAT_CREATED=1
}

# ---------------------------------------------------------------------------------------------------------
# Events

# Ground truth is stamped just BEFORE the command that makes a change (nothing it causes can be on the wire
# earlier, however loaded the machine) and again once it has taken effect (_DONE_NS): the change happened in
# between. A stamp taken only after the command returns can come after packets the change already let through.
EVENT_START_NS='' EVENT_START_DONE_NS='' EVENT_END_NS='' EVENT_END_DONE_NS='' REFUSED_RC='' REFUSED_ERR=''
SOCKETS_DESTROYED_NS='' SOCKETS_DESTROYED_DONE_NS='' SOCKETS_DESTROYED=''
now_ns() { local u; now_us u; printf -v "$1" '%s000' "$u"; }

# destroy_server_sockets: the server forgets its connections, as a reboot does; ss -K aborts each one and
# tries to send a RST, which its down link drops
destroy_server_sockets() {
    local out
    now_ns SOCKETS_DESTROYED_NS
    out=$(nsx "$NS_SRV" ss -HtnK state connected) || fail "ss -K failed (needs CONFIG_INET_DIAG_DESTROY)"
    now_ns SOCKETS_DESTROYED_DONE_NS
    SOCKETS_DESTROYED=$(grep -c . <<< "$out")
    log "event: $SOCKETS_DESTROYED server socket(s) destroyed: $(tr -s ' \n' ' ' <<< "$out")"
}

# during_event START_US END_US: sleeps through the event, doing the --destroy-sockets and --capture-stop
# actions at their times
during_event() {
    local at what
    while read -r at what; do
        [[ -n $at ]] || continue
        nap_until $(( $1 + at ))
        case $what in
            destroy) destroy_server_sockets ;;
            capture) halt_capture; log "event: capture stopped $(us_to_s "$at") s into the event" ;;
        esac
    done < <({
        [[ -n $DESTROY_AT_US ]] && echo "$DESTROY_AT_US destroy"
        [[ -n $CAPTURE_STOP_US ]] && echo "$CAPTURE_STOP_US capture"
        true; } | sort -n)
    nap_until "$2"
}

oneway_drop() {  # the router drops TCP arriving from one side (a firewall rule, a half-broken link)
    local dev=$IF_RTR_CLI match
    [[ $DROP_DIRECTION == s2c ]] && dev=$IF_RTR_SRV
    match="iifname \"$dev\" "
    [[ $DROP_DIRECTION == both ]] && match=''
    nsx "$NS_RTR" nft -f - <<EOF || return 1
table inet ${NFT_TABLE}_oneway {
    chain forward {
        type filter hook forward priority -10; policy accept;
        ${match}meta l4proto tcp counter drop
    }
}
EOF
    ONEWAY_CREATED=1
}

client_net_up() {  # the router's port facing the client up again: the client's link has carrier
    ip -n "$NS_RTR" link set "$IF_RTR_CLI" up &&
    ip -n "$NS_RTR" addr replace "$RTR_CLI_ADDR/$PLEN" dev "$IF_RTR_CLI" "${NODAD[@]}" &&
    ip -n "$NS_CLI" addr replace "$CLI_ADDR/$PLEN" dev "$IF_CLI" "${NODAD[@]}" &&
    ip -n "$NS_CLI" -"$FAMILY" route replace default via "$RTR_CLI_ADDR" dev "$IF_CLI" || return 1
    wait_oper_up "$NS_RTR" "$IF_RTR_CLI"
    wait_oper_up "$NS_CLI" "$IF_CLI"
    return 0
}

do_event() {
    local start_us end_us now
    now_us start_us
    end_us=$(( start_us + DURATION_US ))
    case $EVENT in
        none)
            nap_until "$end_us"
            return
            ;;
        link)
            now_ns EVENT_START_NS
            ip -n "$NS_SRV" link set "$IF_SRV" down || fail "cannot set the server link down"
            now_ns EVENT_START_DONE_NS
            log "event: server link down for $DURATION s"
            during_event "$start_us" "$end_us"
            now_ns EVENT_END_NS
            server_net_up || fail "cannot bring the server's network back"
            now_ns EVENT_END_DONE_NS
            log "event: server link up, address and route restored"
            ;;
        restart)
            now_ns EVENT_START_NS
            ip -n "$NS_SRV" addr flush dev "$IF_SRV" &&
            ip -n "$NS_SRV" link set "$IF_SRV" down || fail "cannot take the server's network down"
            now_ns EVENT_START_DONE_NS
            log "event: server network restart: addresses flushed, link down for $DURATION s"
            during_event "$start_us" "$end_us"
            now_ns EVENT_END_NS
            server_net_up || fail "cannot bring the server's network back"
            now_ns EVENT_END_DONE_NS
            log "event: server link up, address and route re-added"
            ;;
        oneway)
            now_ns EVENT_START_NS
            oneway_drop || fail "cannot add the one-way drop rule"
            now_ns EVENT_START_DONE_NS
            log "event: the router drops TCP $DROP_DIRECTION for $DURATION s"
            during_event "$start_us" "$end_us"
            now_ns EVENT_END_NS
            ONEWAY_DROPPED=$(nft_dropped "${NFT_TABLE}_oneway")
            nsx "$NS_RTR" nft delete table inet "${NFT_TABLE}_oneway" || fail "cannot delete the one-way rule"
            ONEWAY_CREATED=0
            now_ns EVENT_END_DONE_NS
            log "event: one-way drop removed"
            ;;
        client-link)
            now_ns EVENT_START_NS
            ip -n "$NS_RTR" link set "$IF_RTR_CLI" down || fail "cannot set the router's port to the client down"
            now_ns EVENT_START_DONE_NS
            log "event: the client's link has no carrier for $DURATION s"
            during_event "$start_us" "$end_us"
            now_ns EVENT_END_NS
            client_net_up || fail "cannot bring the client's link back"
            now_ns EVENT_END_DONE_NS
            log "event: the client's link is back"
            ;;
        sshd)
            now_ns EVENT_START_NS
            stop_sshd
            now_ns EVENT_START_DONE_NS
            log "event: sshd listener stopped for $DURATION s"
            # a new connection meanwhile: nothing listens, so the SYN gets a RST
            now_us now
            nap_until $(( now + (DURATION_US / 2 < 1000000 ? DURATION_US / 2 : 1000000) ))
            ip netns exec "$NS_CLI" ssh "${SSH_OPTS[@]}" -o ConnectTimeout=5 "root@$SRV_ADDR" true \
                < /dev/null > /dev/null 2> "$WORK/refused.err" &
            local p=$!
            track "$p"
            wait "$p"
            REFUSED_RC=$?
            REFUSED_ERR=$(tr -d '\r' < "$WORK/refused.err")
            log "event: new connection attempt: exit $REFUSED_RC: $REFUSED_ERR"
            nap_until "$end_us"
            now_ns EVENT_END_NS
            start_sshd
            now_ns EVENT_END_DONE_NS
            log "event: sshd started again (pid $(< "$WORK/sshd.pid"))"
            ;;
    esac
}

# ---------------------------------------------------------------------------------------------------------
# Manifest

count_lines() { local n; n=$(grep -c "$1" "$2" 2>/dev/null); printf '%d' "${n:-0}"; }
read_count() { local n=0; [[ -s $1 ]] && n=$(< "$1"); [[ $n =~ ^[0-9]+$ ]] || n=0; printf '%d' "$n"; }

tally() {
    local bytes
    case $WORKLOAD in
        keystrokes)
            LINES_SENT=$(read_count "$WORK/sent-count")
            LINES_RECEIVED=$(count_lines '^line ' "$WORK/ssh.out")
            ;;
        output)
            LINES_SENT=$(read_count "$WORK/srv-count")
            LINES_RECEIVED=$(count_lines '^out ' "$WORK/ssh.out")
            ;;
        idle)
            LINES_SENT=0 LINES_RECEIVED=0
            ;;
        bulk)  # 16 KiB blocks written by the client, and those that reached the server's 'wc -c'
            LINES_SENT=$(read_count "$WORK/sent-count")
            bytes=$(sed -n 's/^bytes \([0-9][0-9]*\)$/\1/p' "$WORK/ssh.out" | tail -n 1)
            LINES_RECEIVED=$(( ${bytes:-0} / 16384 ))
            ;;
        both)  # keystroke lines plus server lines; all of them come back to the client
            LINES_SENT=$(( $(read_count "$WORK/sent-count") + $(read_count "$WORK/srv-count") ))
            LINES_RECEIVED=$(( $(count_lines '^line ' "$WORK/ssh.out") + $(count_lines '^out ' "$WORK/ssh.out") ))
            ;;
    esac
}

write_manifest() {
    local capture_file=$OUT refused=null tmp files='' f ssh_err
    [[ $(dirname -- "$OUT") == "$(dirname -- "$MANIFEST")" ]] && capture_file=$(basename -- "$OUT")
    for f in "${CAPTURE_FILES[@]}"; do
        [[ $(dirname -- "$f") == "$(dirname -- "$MANIFEST")" ]] && f=$(basename -- "$f")
        files+="${files:+, }$(json_str "$f")"
    done
    ssh_err=$(tr -d '\r' < "$WORK/ssh.err" 2>/dev/null | grep -v '^$' | tail -n 1)
    if [[ -n $REFUSED_RC ]]; then
        refused="{\"exit_code\": $REFUSED_RC, \"stderr\": $(json_str "$REFUSED_ERR")}"
    fi
    tmp=$MANIFEST.tmp.$$
    {
        printf '{\n'
        printf '  "scenario": %s,\n' "$(json_str "$NAME")"
        printf '  "family": %d,\n' "$FAMILY"
        printf '  "workload": %s,\n' "$(json_str "$WORKLOAD")"
        printf '  "event": %s,\n' "$(json_str "$EVENT")"
        printf '  "capture_at": %s,\n' "$(json_str "$CAPTURE_AT")"
        printf '  "event_start_ns": %s,\n' "$(json_num "$EVENT_START_NS")"
        printf '  "event_start_done_ns": %s,\n' "$(json_num "$EVENT_START_DONE_NS")"
        printf '  "event_end_ns": %s,\n' "$(json_num "$EVENT_END_NS")"
        printf '  "event_end_done_ns": %s,\n' "$(json_num "$EVENT_END_DONE_NS")"
        printf '  "event_duration_s": %s,\n' "$([[ $EVENT == none ]] && echo 0 || echo "$DURATION")"
        printf '  "client_addr": %s,\n' "$(json_str "$CLI_ADDR")"
        printf '  "server_addr": %s,\n' "$(json_str "$SRV_ADDR")"
        printf '  "server_port": 22,\n'
        printf '  "client_retries2": %s,\n' "$(json_num "$CLIENT_RETRIES2")"
        printf '  "server_retries2": %s,\n' "$(json_num "$SERVER_RETRIES2")"
        printf '  "loss_per_mille": %d,\n' "$LOSS"
        printf '  "offloads": %s,\n' "$(json_str "$OFFLOADS")"
        printf '  "ssh_exit_code": %s,\n' "$(json_num "$SSH_EXIT")"
        printf '  "lines_sent": %d,\n' "$LINES_SENT"
        printf '  "lines_received": %d,\n' "$LINES_RECEIVED"
        printf '  "refused_attempt": %s,\n' "$refused"
        printf '  "capture_file": %s,\n' "$(json_str "$capture_file")"
        printf '  "capturer": %s,\n' "$(json_str "$CAPTURER")"
        printf '  "started_ns": %s000,\n' "$STARTED_US"
        printf '  "ended_ns": %s,\n' "$ENDED_NS"
        printf '  "ssh_stderr": %s,\n' "$(json_str "$ssh_err")"
        printf '  "server_alive": %s,\n' "$([[ -n $SERVER_ALIVE ]] && json_str "$SERVER_ALIVE" || echo null)"
        printf '  "drop_direction": %s,\n' "$([[ $EVENT == oneway ]] && json_str "$DROP_DIRECTION" || echo null)"
        printf '  "sockets_destroyed_ns": %s,\n' "$(json_num "$SOCKETS_DESTROYED_NS")"
        printf '  "sockets_destroyed_done_ns": %s,\n' "$(json_num "$SOCKETS_DESTROYED_DONE_NS")"
        printf '  "sockets_destroyed": %s,\n' "$(json_num "$SOCKETS_DESTROYED")"
        printf '  "capture_interface": %s,\n' "$(json_str "$CAP_DEV")"
        printf '  "link_type": %s,\n' "$([[ -n $LINK_TYPE ]] && json_str "$LINK_TYPE" || echo null)"
        printf '  "capture_filter": %s,\n' "$([[ -n $CAPTURE_FILTER ]] && json_str "$(capture_filter_expr)" || echo null)"
        printf '  "snaplen": %d,\n' "$SNAPLEN"
        printf '  "rotate_seconds": %s,\n' "$(json_num "$ROTATE")"
        printf '  "capture_files": %s,\n' "$([[ -n $files ]] && echo "[$files]" || echo null)"
        printf '  "second_capture_at": %s,\n' "$([[ -n $SECOND_AT ]] && json_str "$SECOND_AT" || echo null)"
        printf '  "second_capture_file": %s,\n' "$([[ -n $SECOND_AT ]] && json_str "$(basename -- "$SECOND_OUT")" || echo null)"
        printf '  "nat": %s,\n' "$( (( NAT )) && echo true || echo false)"
        printf '  "router_dropped_packets": %s,\n' "$(json_num "$ROUTER_DROPPED")"
        printf '  "capture_started_ns": %s,\n' "$CAPTURE_STARTED_NS"
        printf '  "capture_ready_ns": %s,\n' "$CAPTURE_READY_NS"
        printf '  "capture_stopped_ns": %s\n' "$CAPTURE_STOPPED_NS"
        printf '}\n'
    } > "$tmp" && mv -f -- "$tmp" "$MANIFEST" || fail "cannot write the manifest $MANIFEST"
}

# ---------------------------------------------------------------------------------------------------------
# The run

trap cleanup EXIT
trap 'on_signal INT' INT
trap 'on_signal TERM' TERM
WORK=$(mktemp -d "${TMPDIR:-/tmp}/psl-work.XXXXXX") || fail "cannot create a work directory"
if [[ -z $OUT ]]; then
    OUT_DIR_CREATED=$(mktemp -d "${TMPDIR:-/tmp}/restart-lab.XXXXXX") || fail "cannot create an output directory"
    OUT=$OUT_DIR_CREATED/$NAME.pcap
else
    mkdir -p -- "$(dirname -- "$OUT")" || fail "cannot create the directory of $OUT"
fi
OUT=$(realpath -m -- "$OUT")
ROTATE_PATTERN='' ROTATE_GLOB=''
if [[ -n $ROTATE ]]; then
    # OUT names the series: DIR/NAME.pcap -> DIR/NAME-YYYYmmdd-HHMMSS.pcap; pieces of an earlier series go
    ROTATE_PATTERN=${OUT%.pcap*}-%Y%m%d-%H%M%S.pcap
    ROTATE_GLOB=${OUT%.pcap*}-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9].pcap
    for f in $ROTATE_GLOB; do [[ -f $f ]] && rm -f -- "$f"; done
fi
if [[ -z $MANIFEST ]]; then
    case $OUT in
        *.pcap|*.pcapng) MANIFEST=${OUT%.*}.json ;;
        *) MANIFEST=$OUT.json ;;
    esac
else
    mkdir -p -- "$(dirname -- "$MANIFEST")" || fail "cannot create the directory of $MANIFEST"
    MANIFEST=$(realpath -m -- "$MANIFEST")
fi
[[ $MANIFEST != "$OUT" ]] || usage_error "the manifest and the capture must be different files"

log "scenario $NAME: IPv$FAMILY, workload $WORKLOAD, event $EVENT at ${AT}s for ${DURATION}s, then ${AFTER}s"
setup_network
setup_sshd
start_sshd
if [[ -z $CAPTURE_START ]]; then
    start_capture
    start_second_capture
    start_workload
else  # a capture started in the middle of a session: no handshake, no SSH banners
    start_workload
    nap_until $(( SESSION_US + CAPTURE_START_US ))
    start_capture
fi
nap_until $(( SESSION_US + AT_US ))
do_event
nap "$AFTER"
end_session
stop_capture
stop_second_capture
count_router_drops
tally
write_manifest
log "ssh exit $SSH_EXIT, lines sent $LINES_SENT, received $LINES_RECEIVED"
if (( SSH_EXIT != 0 )); then
    log "ssh said: $(tail -n 3 "$WORK/ssh.err" | tr -d '\r' | tr '\n' ' ')"
fi
[[ -n $OUT_DIR_CREATED ]] && OUT_DIR_CREATED=''  # it holds the results now
printf 'capture: %s\nmanifest: %s\n' "$OUT" "$MANIFEST"
exit 0
