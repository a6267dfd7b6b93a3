#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# ferryctl over qemu+ssh:// through a real sshd: one of the test's own on 127.0.0.1 (its own
# config, free port, host key and throwaway login user, all under a private directory), in
# front of the private libvirtd (build-aux/private-libvirtd; a relay owned by root lets the
# login user reach its socket). ferryctl runs as a second throwaway user, the client, whose
# home (and so ~/.ssh/known_hosts) is in the test's directory, without a terminal:
#   (a) a host key never seen: exit 1, words that say how to trust the host, nothing written;
#   (b) known key, a wrong password from an SSH_ASKPASS script (DISPLAY set): exit 1;
#   (c) the right password: the host is read;
#   (d) the host's key changed: exit 1 with the impersonation warning.
# Needs root (useradd, sshd); skips saying why otherwise. Every wait is bounded; sshd, the
# relay and both users are gone at the end.
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ferryctl, relay_script = sys.argv[1], sys.argv[2]
uri = os.environ.get('FERRY_REAL_URI')


def skip(reason):
    print('SKIP:', reason)
    sys.exit(77)


if not uri:
    skip(os.environ.get('FERRY_REAL_SKIP_REASON',
                        'FERRY_REAL_URI is not set (build-aux/test starts a private libvirtd)'))
if os.geteuid() != 0:
    skip('the real-ssh test creates login users and runs sshd: it needs root')
for tool in ('/usr/sbin/sshd', shutil.which('ssh-keygen'), shutil.which('ssh-keyscan'),
             shutil.which('useradd'), shutil.which('chpasswd')):
    if not tool or not os.path.exists(tool):
        skip(f'{tool or "an ssh tool"} is missing (openssh-server, openssh-client, passwd)')
daemon_socket = uri.split('socket=', 1)[1].split('&', 1)[0]

failures = []
processes = []
users = []
top = tempfile.mkdtemp(prefix='ferry-ssh-')
os.chmod(top, 0o755)
tag = str(os.getpid())
server_user, client_user = f'ferrysshd{tag}', f'ferrycli{tag}'
PASSWORD = f'right-{tag}-horse'


def check(condition, message):
    if not condition:
        failures.append(message)


def wait_for(condition, what, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise RuntimeError(f'{what} did not happen within {seconds} s')


def add_user(name, home):
    os.makedirs(home, exist_ok=True)
    subprocess.run(['useradd', '-M', '-d', home, '-s', '/bin/sh', name], check=True)
    users.append(name)
    shutil.chown(home, name, name)


def port_open(port):
    with socket.socket() as probe:
        return probe.connect_ex(('127.0.0.1', port)) == 0


def start_sshd(port, host_key):
    config = f'{top}/sshd_config'
    with open(config, 'w') as f:
        f.write(f'''Port {port}
ListenAddress 127.0.0.1
HostKey {host_key}
PidFile {top}/sshd.pid
AllowUsers {server_user}
PasswordAuthentication yes
KbdInteractiveAuthentication no
PubkeyAuthentication no
PermitRootLogin no
UsePAM no
StrictModes no
X11Forwarding no
''')
    # sshd's privilege separation needs its empty directory (made by its service otherwise).
    os.makedirs('/run/sshd', mode=0o755, exist_ok=True)
    sshd = subprocess.Popen(['/usr/sbin/sshd', '-D', '-f', config, '-E', f'{top}/sshd.log'])
    processes.append(sshd)
    wait_for(lambda: port_open(port) or sshd.poll() is not None, 'sshd listening')
    if sshd.poll() is not None:
        raise RuntimeError('sshd did not start: ' + open(f'{top}/sshd.log').read()[-500:])
    return sshd


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def ferry(ssh_uri, askpass=None):
    """ferryctl as the client user, in a session of its own (no controlling terminal)."""
    env = {'PATH': '/usr/bin:/bin', 'HOME': f'{top}/client', 'LC_ALL': 'C.UTF-8',
           'LANGUAGE': 'C'}
    for name in ('ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS'):
        if name in os.environ:
            env[name] = os.environ[name]
    if askpass:
        env.update(SSH_ASKPASS=askpass, DISPLAY=':0')
    result = subprocess.run([ferryctl, '-c', ssh_uri, '--timeout', '60', 'host', '--json'],
                            user=client_user, group=client_user, env=env,
                            stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            errors='replace', start_new_session=True, timeout=120)
    return result.returncode, result.stdout, result.stderr


def script(path, text):
    with open(path, 'w') as f:
        f.write(text)
    os.chmod(path, 0o755)


try:
    add_user(server_user, f'{top}/server')
    add_user(client_user, f'{top}/client')
    subprocess.run(['chpasswd'], input=f'{server_user}:{PASSWORD}\n', text=True, check=True)

    # The login user reaches the root-only daemon socket through a root relay on a socket of
    # its own, with the netcat libvirt runs on the far side replaced by a small Python one.
    relay_socket = f'{top}/relay.sock'
    relay = subprocess.Popen([sys.executable, relay_script, '--listen', relay_socket,
                              '--target', daemon_socket], stdout=subprocess.DEVNULL)
    processes.append(relay)
    wait_for(lambda: os.path.exists(relay_socket), 'the relay socket')
    os.chmod(relay_socket, 0o666)
    netcat = f'{top}/netcat.py'
    script(netcat, '''#!/usr/bin/python3
import os, socket, sys, threading
if len(sys.argv) < 3:
    sys.exit(0)
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[-1])
def up():
    while data := os.read(0, 65536):
        s.sendall(data)
    s.shutdown(socket.SHUT_WR)
threading.Thread(target=up, daemon=True).start()
while data := s.recv(65536):
    os.write(1, data)
''')

    host_key = f'{top}/host_key'
    subprocess.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', host_key], check=True)
    with socket.socket() as free:
        free.bind(('127.0.0.1', 0))
        port = free.getsockname()[1]
    sshd = start_sshd(port, host_key)
    ssh_uri = (f'qemu+ssh://{server_user}@127.0.0.1:{port}/system'
               f'?socket={relay_socket}&netcat={netcat}')
    known_hosts = f'{top}/client/.ssh/known_hosts'

    # (a) A new host key, nobody to ask.
    status, out, err = ferry(ssh_uri)
    print('(a)', status, err.strip())
    check(status == 1, f'(a) new host key without a terminal: exit {status}, not 1')
    check('does not know the host’s ssh key' in err.lower() and 'ssh-keyscan' in err,
          f'(a) no words on trusting the host: {err!r}')
    check(not os.path.exists(known_hosts), '(a) ssh wrote known_hosts without asking anyone')

    # The client trusts the key as a careful user would: scanned, then compared.
    os.makedirs(os.path.dirname(known_hosts), exist_ok=True)
    scanned = subprocess.run(['ssh-keyscan', '-p', str(port), '-t', 'ed25519', '127.0.0.1'],
                             capture_output=True, text=True, timeout=30, check=True).stdout
    with open(known_hosts, 'w') as f:
        f.write(scanned)
    for path in (os.path.dirname(known_hosts), known_hosts):
        shutil.chown(path, client_user, client_user)

    # (b) A wrong password through SSH_ASKPASS.
    wrong = f'{top}/askpass-wrong'
    script(wrong, '#!/bin/sh\necho not-the-password\n')
    status, out, err = ferry(ssh_uri, askpass=wrong)
    print('(b)', status, err.strip())
    check(status == 1, f'(b) wrong password: exit {status}, not 1')
    check('permission denied' in err.lower(), f'(b) no word of the refusal: {err!r}')

    # (c) The right one: the host is read.
    right = f'{top}/askpass-right'
    script(right, f'#!/bin/sh\necho {PASSWORD}\n')
    status, out, err = ferry(ssh_uri, askpass=right)
    print('(c)', status, err.strip()[:300])
    check(status == 0, f'(c) right password: exit {status}: {err!r}')
    if status == 0:
        host = json.loads(out)
        check(host['hypervisor'] == 'QEMU' and host['pci_functions'] > 0,
              f'(c) the host read as {out!r}')
        print('(c) read:', json.dumps(host)[:300])

    # (d) The host's key changed under the same name and port.
    stop(sshd)
    other_key = f'{top}/host_key_other'
    subprocess.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', other_key], check=True)
    start_sshd(port, other_key)
    status, out, err = ferry(ssh_uri, askpass=right)
    print('(d)', status, err.strip()[:300])
    check(status == 1, f'(d) changed host key: exit {status}, not 1')
    check('impersonating' in err, f'(d) no impersonation warning: {err!r}')
finally:
    for process in reversed(processes):
        stop(process)
    for user in users:
        subprocess.run(['userdel', user], check=False)
    shutil.rmtree(top, ignore_errors=True)

for failure in failures:
    print('FAIL:', failure)
print(f'real ssh: 4 cases, {len(failures)} failures')
sys.exit(1 if failures else 0)
