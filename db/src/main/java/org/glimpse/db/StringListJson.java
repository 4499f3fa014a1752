package org.glimpse.db;

import java.util.ArrayList;
import java.util.List;

/** A list of strings as a JSON array text (how Glance stores a metadef object's required names). */
final class StringListJson {
  private StringListJson() {}

  static String write(List<String> values) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append('"');
      for (char c : values.get(i).toCharArray()) {
        switch (c) {
          case '"' -> b.append("\\\"");
          case '\\' -> b.append("\\\\");
          default -> {
            if (c < 0x20) {
              b.append(String.format("\\u%04x", (int) c));
            } else {
              b.append(c);
            }
          }
        }
      }
      b.append('"');
    }
    return b.append(']').toString();
  }

  /** Reads what {@link #write} wrote (and any JSON array of plain strings). */
  static List<String> read(String json) {
    List<String> out = new ArrayList<>();
    if (json == null) {
      return out;
    }
    int i = json.indexOf('[') + 1;
    while (i < json.length()) {
      char c = json.charAt(i);
      if (c == '"') {
        StringBuilder s = new StringBuilder();
        i++;
        while (json.charAt(i) != '"') {
          char d = json.charAt(i);
          if (d == '\\') {
            char e = json.charAt(++i);
            switch (e) {
              case 'u' -> {
                s.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                i += 4;
              }
              case 'n' -> s.append('\n');
              case 't' -> s.append('\t');
              case 'r' -> s.append('\r');
              case 'b' -> s.append('\b');
              case 'f' -> s.append('\f');
              default -> s.append(e);
            }
          } else {
            s.append(d);
          }
          i++;
        }
        out.add(s.toString());
      }
      i++;
    }
    return out;
  }
}
