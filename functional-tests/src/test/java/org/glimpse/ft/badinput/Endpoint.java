package org.glimpse.ft.badinput;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One route of the API and how the bad-input suite reaches it: the method, the path with its
 * placeholders (resolved to fixtures when a probe is sent, see {@link BadInputSuite}), who calls
 * it, the statuses a well-formed call gets, and which body it takes.
 *
 * @param template the path; {@code {image}}, {@code {active}} and {@code {shared}} are images of
 *     the caller's project made for each group of probes, {@code {fresh}}, {@code {fresh-active}}
 *     and {@code {fresh-shared}} a new one for every probe (for calls that use them up), {@code
 *     {member}} the project they are shared with, {@code {tag}} a tag
 * @param caller "owner" (the images' project), "member" (the project they are shared with) or
 *     "admin" (an admin of the images' project)
 * @param body what the route reads from a body, or NONE
 * @param wellFormed the statuses a call without anything hostile gets
 */
record Endpoint(String method, String template, String caller, Body body, List<Integer> wellFormed) {
  /** What a route reads from the request body. */
  enum Body { NONE, IMAGE, PATCH, MEMBER, MEMBER_STATUS, V1_MEMBER, V1_MEMBERSHIPS, DATA, V1_IMAGE, LOCATION }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[a-z-]+}");

  static Endpoint of(String method, String template, Body body, Integer... wellFormed) {
    return new Endpoint(method, template, "owner", body, List.of(wellFormed));
  }

  Endpoint asMember() {
    return new Endpoint(method, template, "member", body, wellFormed);
  }

  /** Called by an admin of the images' project (the cache API is admin-only). */
  Endpoint asAdmin() {
    return new Endpoint(method, template, "admin", body, wellFormed);
  }

  String name() {
    return method + " " + template;
  }

  /** The template with the placeholder at {@code index} (in order of appearance) replaced by {@code segment}. */
  String withSegment(int index, String segment) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(i++ == index ? segment : m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The placeholders in the template, in order. */
  List<String> placeholders() {
    List<String> found = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }
}
