package dev.evergreen.cache.redis;

import org.jspecify.annotations.Nullable;

/**
 * Keeps credentials out of messages, logs and {@code toString}: a URI's user information becomes
 * {@code ***}, and any message that quotes the password (Lettuce's own, on a malformed URI) has it
 * replaced, however malformed the URI around it is.
 */
final class Redaction {
  private static final String HIDDEN = "***";

  private Redaction() {}

  /** {@code uri} with whatever stands between {@code scheme://} and the last {@code @} hidden. */
  static String uri(String uri) {
    int start = uri.indexOf("://");
    start = start < 0 ? 0 : start + 3;
    int at = uri.lastIndexOf('@');
    if (at < start) {
      return uri;
    }
    return uri.substring(0, start) + HIDDEN + uri.substring(at);
  }

  /** {@code message} with the user information of {@code uri}, and its parts, hidden. */
  static String message(@Nullable String message, String uri) {
    if (message == null) {
      return "";
    }
    String scrubbed = message.replace(uri, uri(uri));
    String userInfo = userInfo(uri);
    if (userInfo != null) {
      scrubbed = scrubbed.replace(userInfo, HIDDEN);
      int colon = userInfo.indexOf(':');
      if (colon >= 0 && colon + 1 < userInfo.length()) {
        scrubbed = scrubbed.replace(userInfo.substring(colon + 1), HIDDEN);
      } else if (colon < 0 && !userInfo.isEmpty()) {
        scrubbed = scrubbed.replace(userInfo, HIDDEN); // redis://password@host
      }
    }
    return scrubbed;
  }

  /** Whether {@code text} holds any part of {@code uri}'s user information. */
  static boolean leaks(@Nullable String text, String uri) {
    return text != null && !text.equals(message(text, uri));
  }

  private static @Nullable String userInfo(String uri) {
    int start = uri.indexOf("://");
    start = start < 0 ? 0 : start + 3;
    int at = uri.lastIndexOf('@');
    return at < start ? null : uri.substring(start, at);
  }
}
