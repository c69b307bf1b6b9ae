// A real PostgreSQL server for tests: a new cluster in a temporary folder (Debian's postgresql
// package: initdb and pg_ctl from `pg_config --bindir`), listening on 127.0.0.1 on a free port,
// trust authentication for the user "vigil", stopped and removed in the destructor. As root the
// server runs as the "postgres" user (PostgreSQL refuses to run as root). Header-only; tests only.
#pragma once

#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace vigil::testing {

class PgServer {
 public:
  PgServer() {
    std::string bindir = output("pg_config --bindir 2>/dev/null");
    if (bindir.empty() || !std::filesystem::exists(bindir + "/initdb")) {
      why_ = "no PostgreSQL server programs (pg_config --bindir; Debian packages postgresql, libpq-dev)";
      return;
    }
    char tmpl[] = "/tmp/vigil-pg-XXXXXX";
    if (!::mkdtemp(tmpl)) {
      why_ = "mkdtemp failed";
      return;
    }
    dir_ = tmpl;
    std::string as;
    if (::geteuid() == 0) {
      passwd* pw = ::getpwnam("postgres");
      if (!pw) {
        why_ = "running as root and there is no postgres user";
        return;
      }
      if (::chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
        why_ = "cannot hand the folder to postgres";
        return;
      }
      as = "runuser -u postgres -- ";
    }
    port_ = free_port();
    std::string data = dir_ + "/data";
    if (std::system((as + bindir + "/initdb -D " + data + " -U vigil --auth=trust -E UTF8 --no-locale >" + dir_ + "/initdb.log 2>&1").c_str()) != 0) {
      why_ = "initdb failed (" + dir_ + "/initdb.log)";
      return;
    }
    stop_cmd_ = as + bindir + "/pg_ctl -D " + data + " -m immediate -w stop >/dev/null 2>&1";
    std::string opts = "-p " + std::to_string(port_) + " -k " + dir_ + " -c listen_addresses=127.0.0.1 -c fsync=off";
    if (std::system((as + bindir + "/pg_ctl -D " + data + " -l " + dir_ + "/server.log -o '" + opts + "' -w -t 60 start >/dev/null 2>&1").c_str()) != 0) {
      why_ = "the server did not start (" + dir_ + "/server.log)";
      return;
    }
    started_ = true;
  }
  ~PgServer() {
    if (started_) (void)std::system(stop_cmd_.c_str());
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

  bool running() const { return started_; }
  const std::string& why() const { return why_; }
  std::string url(const std::string& db = "postgres") const {
    return "postgresql://vigil@127.0.0.1:" + std::to_string(port_) + "/" + db;
  }
  // Creates a database (empty) and returns its URL.
  std::string create_database(const std::string& name) const {
    std::string psql = output("pg_config --bindir 2>/dev/null") + "/psql";
    std::string cmd = psql + " '" + url() + "' -q -c 'CREATE DATABASE " + name + "' >/dev/null 2>&1";
    return std::system(cmd.c_str()) == 0 ? url(name) : std::string();
  }

 private:
  static std::string output(const std::string& cmd) {
    std::string out;
    if (FILE* p = ::popen(cmd.c_str(), "r")) {
      char buf[256];
      size_t n;
      while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
      ::pclose(p);
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
  }
  static int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    int port = ntohs(a.sin_port);
    ::close(fd);
    return port;
  }

  std::string dir_, why_, stop_cmd_;
  int port_ = 0;
  bool started_ = false;
};

}  // namespace vigil::testing
