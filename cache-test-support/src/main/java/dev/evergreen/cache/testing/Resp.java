package dev.evergreen.cache.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Just enough of the Redis protocol to ask a server whether it is up, without a client library. */
final class Resp {
  private Resp() {}

  /** Sends one inline command and returns the first line of the reply, or throws. */
  static String command(String host, int port, String command) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      socket.setSoTimeout(2_000);
      OutputStream out = socket.getOutputStream();
      out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        if (c != '\r') {
          line.append((char) c);
        }
      }
      if (line.length() > 0 && line.charAt(0) == '$') { // bulk reply: read its body
        int length = Integer.parseInt(line.substring(1));
        byte[] body = in.readNBytes(length);
        return new String(body, StandardCharsets.UTF_8);
      }
      return line.toString();
    }
  }

  static boolean answersPing(String host, int port) {
    try {
      return command(host, port, "PING").equals("+PONG");
    } catch (IOException e) {
      return false;
    }
  }
}
