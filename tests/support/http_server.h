// A minimal HTTP/1.1 server for tests: 127.0.0.1, an ephemeral port, one connection at a time on
// its own thread, canned responses by path. A response can lie about its length (Content-Length
// says the whole body, the server sends only the first `cut_after` bytes and closes), which is
// how a download cut off half-way looks to a client. Unknown paths get 404. The server stops in
// its destructor. Header-only; tests only.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cctype>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

namespace vigil::testing {

class HttpServer {
 public:
  struct Response {
    Response() = default;
    Response(int s, std::string b, std::string type = "application/octet-stream", std::optional<size_t> cut = std::nullopt)
        : status(s), body(std::move(b)), content_type(std::move(type)), cut_after(cut) {}
    int status = 200;
    std::string body;
    std::string content_type = "application/octet-stream";
    std::optional<size_t> cut_after;  // send this many body bytes, then close
    int fail_times = 0;               // answer 500 this many times before answering as above
    std::string etag;                 // sent as ETag; a request whose If-None-Match equals it gets 304
    int delay_ms = 0;                 // wait this long before answering (a slow or hung registry)
  };

  HttpServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket");
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_, 16) != 0) {
      ::close(fd_);
      throw std::runtime_error("bind/listen");
    }
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { run(); });
  }

  ~HttpServer() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  void serve(const std::string& path, Response r) {
    std::lock_guard<std::mutex> lock(mu_);
    routes_[path] = std::move(r);
  }

  uint16_t port() const { return port_; }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  size_t requests() const { return requests_; }
  // The request head (request line and headers) of the last request for `path`, "" if none.
  std::string last_request(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = heads_.find(path);
    return it == heads_.end() ? std::string() : it->second;
  }

 private:
  static const char* reason(int status) {
    switch (status) {
      case 200: return "OK";
      case 304: return "Not Modified";
      case 404: return "Not Found";
      case 500: return "Internal Server Error";
      default: return "Status";
    }
  }

  static void send_all(int fd, const char* p, size_t n) {
    while (n > 0) {
      ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
      if (w <= 0) return;
      p += w;
      n -= static_cast<size_t>(w);
    }
  }

  void handle(int c) {
    std::string req;
    char buf[4096];
    while (req.find("\r\n\r\n") == std::string::npos && req.size() < 65536) {
      pollfd p{c, POLLIN, 0};
      if (::poll(&p, 1, 2000) <= 0) return;
      ssize_t n = ::recv(c, buf, sizeof buf, 0);
      if (n <= 0) return;
      req.append(buf, static_cast<size_t>(n));
    }
    ++requests_;
    // "GET /path HTTP/1.1"
    size_t sp1 = req.find(' ');
    size_t sp2 = sp1 == std::string::npos ? std::string::npos : req.find(' ', sp1 + 1);
    std::string path = sp2 == std::string::npos ? "/" : req.substr(sp1 + 1, sp2 - sp1 - 1);
    Response r;
    {
      std::lock_guard<std::mutex> lock(mu_);
      heads_[path] = req.substr(0, req.find("\r\n\r\n"));
      auto it = routes_.find(path);
      if (it == routes_.end()) {
        r.status = 404;
        r.body = "not found\n";
        r.content_type = "text/plain";
      } else if (it->second.fail_times > 0) {
        --it->second.fail_times;
        r.status = 500;
        r.body = "try again\n";
        r.content_type = "text/plain";
      } else {
        r = it->second;
      }
    }
    if (r.delay_ms > 0) {
      for (int waited = 0; waited < r.delay_ms && !stop_; waited += 20) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::string extra;
    if (!r.etag.empty()) {
      extra = "ETag: " + r.etag + "\r\n";
      std::string lower;
      for (char ch : req) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (lower.find("\r\nif-none-match: " + r.etag + "\r\n") != std::string::npos) {
        r.status = 304;
        r.body.clear();
      }
    }
    std::string head = "HTTP/1.1 " + std::to_string(r.status) + " " + reason(r.status) + "\r\nContent-Type: " + r.content_type +
                       "\r\nContent-Length: " + std::to_string(r.body.size()) + "\r\n" + extra + "Connection: close\r\n\r\n";
    send_all(c, head.data(), head.size());
    size_t n = r.cut_after ? std::min(*r.cut_after, r.body.size()) : r.body.size();
    send_all(c, r.body.data(), n);
  }

  void run() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      handle(c);
      ::shutdown(c, SHUT_RDWR);
      ::close(c);
    }
  }

  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<size_t> requests_{0};
  std::mutex mu_;
  std::map<std::string, Response> routes_;
  std::map<std::string, std::string> heads_;
  std::thread thread_;
};

}  // namespace vigil::testing
