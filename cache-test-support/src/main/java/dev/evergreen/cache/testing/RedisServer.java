package dev.evergreen.cache.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * One real Redis server for a test: the {@code REDIS_URL} environment variable if set; else a
 * {@code redis:7} container when a Docker engine answers; else a {@code redis-server} binary from
 * PATH, started on a free loopback port with {@code --save "" --appendonly no}.
 *
 * <p>A local process can be {@link #kill killed}, {@link #pause paused} (SIGSTOP), {@link #resume
 * resumed} and {@link #restart restarted} on the same port; {@link #close} stops whatever this
 * object started, and a JVM shutdown hook does so if a test run dies.
 */
public final class RedisServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final String host;
  private final int port;
  private final @Nullable Path dir;
  private final List<String> extraArgs;
  private @Nullable Process process;
  private @Nullable GenericContainer<?> container;
  private int tlsPort;
  private @Nullable Path tlsCertificate;

  private RedisServer(String host, int port, @Nullable Path dir, List<String> extraArgs) {
    this.host = host;
    this.port = port;
    this.dir = dir;
    this.extraArgs = extraArgs;
  }

  /** Starts (or, with {@code REDIS_URL}, attaches to) a standalone server as described above. */
  public static RedisServer start() {
    String url = System.getenv("REDIS_URL");
    if (url != null && !url.isBlank()) {
      URI uri = URI.create(url);
      return new RedisServer(
          uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379, null, List.of());
    }
    if (dockerAnswers()) {
      return startContainer();
    }
    return startLocal(List.of());
  }

  /**
   * Starts a local {@code redis-server} process, whatever else is available: fault tests (kill,
   * pause, restart) and clusters need one.
   *
   * @param extraArgs more {@code redis-server} arguments, such as {@code --cluster-enabled yes}
   */
  public static RedisServer startLocal(List<String> extraArgs) {
    String binary = RedisBinaries.serverBinary();
    try {
      Path dir = Files.createTempDirectory("evergreen-redis-");
      RedisServer server = new RedisServer("127.0.0.1", freePort(), dir, List.copyOf(extraArgs));
      server.launch(binary);
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + binary + ": " + e, e);
    }
  }

  /**
   * Starts a local {@code redis-server} that also listens with TLS, on {@link #tlsPort()}, with a
   * self-signed certificate for 127.0.0.1 made by {@code openssl} ({@link #tlsCertificate()}).
   */
  public static RedisServer startLocalWithTls() {
    try {
      Path certs = Files.createTempDirectory("evergreen-redis-tls-");
      Path cert = certs.resolve("cert.pem");
      Path key = certs.resolve("key.pem");
      Process openssl =
          new ProcessBuilder(
                  "openssl",
                  "req",
                  "-x509",
                  "-newkey",
                  "rsa:2048",
                  "-nodes",
                  "-days",
                  "1",
                  "-keyout",
                  key.toString(),
                  "-out",
                  cert.toString(),
                  "-subj",
                  "/CN=127.0.0.1",
                  "-addext",
                  "subjectAltName=IP:127.0.0.1")
              .redirectErrorStream(true)
              .start();
      String output = new String(openssl.getInputStream().readAllBytes());
      if (openssl.waitFor() != 0) {
        throw new IllegalStateException("openssl could not make a certificate:\n" + output);
      }
      int tlsPort = freePort();
      RedisServer server =
          startLocal(
              List.of(
                  "--tls-port", String.valueOf(tlsPort),
                  "--tls-cert-file", cert.toString(),
                  "--tls-key-file", key.toString(),
                  "--tls-ca-cert-file", cert.toString(),
                  "--tls-auth-clients", "no"));
      server.tlsPort = tlsPort;
      server.tlsCertificate = cert;
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("could not start redis-server with TLS: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while making a certificate", e);
    }
  }

  /** The TLS port of a server from {@link #startLocalWithTls()}. */
  public int tlsPort() {
    if (tlsPort == 0) {
      throw new IllegalStateException("this server was not started with TLS: " + uri());
    }
    return tlsPort;
  }

  /** The self-signed certificate (PEM) of a server from {@link #startLocalWithTls()}. */
  public Path tlsCertificate() {
    if (tlsCertificate == null) {
      throw new IllegalStateException("this server was not started with TLS: " + uri());
    }
    return tlsCertificate;
  }

  private static boolean dockerAnswers() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  @SuppressWarnings("resource")
  private static RedisServer startContainer() {
    GenericContainer<?> container =
        new GenericContainer<>("redis:7")
            .withExposedPorts(6379)
            .withCommand("redis-server", "--save", "", "--appendonly", "no");
    container.start();
    RedisServer server =
        new RedisServer(container.getHost(), container.getMappedPort(6379), null, List.of());
    server.container = container;
    return server;
  }

  private void launch(String binary) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                binary,
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--protected-mode",
                "no"));
    command.add("--dir");
    command.add(String.valueOf(dir));
    command.addAll(extraArgs);
    Process started =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    process = started;
    ProcessReaper.register(started);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!Resp.answersPing(host, port)) {
      if (!started.isAlive() || System.nanoTime() > deadline) {
        String log =
            Files.exists(dir.resolve("redis.log"))
                ? Files.readString(dir.resolve("redis.log"))
                : "";
        started.destroyForcibly();
        throw new IllegalStateException("redis-server on port " + port + " did not start:\n" + log);
      }
      sleepBriefly();
    }
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** {@code redis://host:port}. */
  public String uri() {
    return "redis://" + host + ":" + port;
  }

  /** Whether this server is a local process that can be killed, paused and restarted. */
  public boolean isLocalProcess() {
    return dir != null;
  }

  /**
   * Sends an inline command (e.g. {@code "ACL SETUSER ..."}) and returns the reply's first line.
   */
  public String command(String command) {
    try {
      return Resp.command(host, port, command);
    } catch (IOException e) {
      throw new IllegalStateException("command failed on " + uri() + ": " + e, e);
    }
  }

  /** Kills the process with SIGKILL, as a crash would. */
  public void kill() {
    Process p = requireProcess();
    p.destroyForcibly();
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Freezes the process with SIGSTOP: connections stay open, nothing answers. */
  public void pause() {
    signal("STOP");
  }

  /** Thaws a paused process with SIGCONT. */
  public void resume() {
    signal("CONT");
  }

  /** Starts a new, empty process on the same port after {@link #kill}. */
  public void restart() {
    if (process != null && process.isAlive()) {
      kill();
    }
    try {
      launch(RedisBinaries.serverBinary());
    } catch (IOException e) {
      throw new IllegalStateException("could not restart redis-server on port " + port, e);
    }
  }

  private void signal(String signal) {
    Process p = requireProcess();
    try {
      int exit =
          new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).start().waitFor();
      if (exit != 0) {
        throw new IllegalStateException("kill -" + signal + " " + p.pid() + " exited with " + exit);
      }
    } catch (IOException e) {
      throw new IllegalStateException("kill -" + signal + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Process requireProcess() {
    if (process == null) {
      throw new IllegalStateException(
          "fault injection needs a local redis-server process; this server is " + uri());
    }
    return process;
  }

  @Override
  public void close() {
    if (process != null) {
      if (process.isAlive()) {
        resume(); // a stopped process ignores SIGTERM until continued
      }
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ProcessReaper.unregister(process);
    }
    if (container != null) {
      container.stop();
    }
  }

  @Override
  public String toString() {
    return "RedisServer{" + uri() + (process != null ? ", pid " + process.pid() : "") + "}";
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  static void sleepBriefly() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server", e);
    }
  }
}
