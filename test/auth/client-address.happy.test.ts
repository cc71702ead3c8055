import { describe, expect, it } from "vitest";
import { addressKey, clientAddress } from "../../src/ratelimit/client-address";

describe("client address of rate limits", () => {
  it.each([
    ["203.0.113.9", "203.0.113.9"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:0DB8:0001:0002::", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["::", "0:0:0:0::/64"],
    ["::ffff:198.51.100.7", "198.51.100.7"],
    ["64:ff9b::198.51.100.7", "64:ff9b:0:0::/64"],
    ["fe80:1:2:3:4:5:1.2.3.4", "fe80:1:2:3::/64"],
  ])("keys %s as %s", (text, key) => {
    expect(addressKey(text)).toBe(key);
  });

  it.each([
    "",
    "not-an-ip",
    "256.1.1.1",
    "01.2.3.4",
    "1.2.3",
    "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:8:9",
    "1::2::3",
    "12345::",
    ":1:2:3:4:5:6:7",
    "::1.2.3.999",
  ])("keys %j as unknown", (text) => {
    expect(addressKey(text)).toBe("unknown");
  });

  it("reads CF-Connecting-IP and nothing else", () => {
    expect(clientAddress(new Headers({ "cf-connecting-ip": "203.0.113.1", "x-real-ip": "192.0.2.1" }))).toBe("203.0.113.1");
    expect(clientAddress(new Headers({ "x-real-ip": "192.0.2.1", "x-forwarded-for": "192.0.2.2" }))).toBe("unknown");
  });
});
