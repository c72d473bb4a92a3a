import { ConfigError } from '../config/config';
import { clockFromEnv } from './clock';
import { inQuietHours, loadNotifyConfig } from './notify-config';

describe('notification channels from the environment', () => {
  it('has no channel unless a URL is set, and reads scope and quiet hours per channel', () => {
    expect(loadNotifyConfig({}).channels).toEqual([]);
    const config = loadNotifyConfig({
      NOTIFY_DINGTALK_URL: 'https://oapi.dingtalk.com/robot/send?access_token=t',
      NOTIFY_DINGTALK_SECRET: 'SECx',
      NOTIFY_DINGTALK_SCOPE: 'region:lizhou,taskforce:alu',
      NOTIFY_DINGTALK_QUIET: '22:00-07:30',
      NOTIFY_WECOM_URL: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
      PUBLIC_URL: 'https://board.example.cn/',
    });
    expect(config.channels).toEqual([
      {
        name: 'dingtalk',
        url: 'https://oapi.dingtalk.com/robot/send?access_token=t',
        secret: 'SECx',
        scope: { regionId: 'lizhou', taskForceId: 'alu' },
        quiet: { from: 22 * 60, to: 7 * 60 + 30 },
      },
      { name: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', secret: undefined, scope: {}, quiet: undefined },
    ]);
    expect(config.link).toBe('https://board.example.cn');
    expect(config.escalation).toEqual({ critical: 1, major: 3, normal: 7 });
  });

  it('refuses what it cannot use, saying how to fix it', () => {
    expect(() => loadNotifyConfig({ NOTIFY_WEBHOOK_URL: 'https://x.cn/hook' })).toThrow(/NOTIFY_WEBHOOK_SECRET is required/);
    expect(() => loadNotifyConfig({ NOTIFY_WECOM_URL: 'ftp://x' })).toThrow(ConfigError);
    expect(() => loadNotifyConfig({ NOTIFY_WECOM_URL: 'https://x', NOTIFY_WECOM_SCOPE: 'county:x' })).toThrow(/region:<id>/);
    expect(() => loadNotifyConfig({ NOTIFY_WECOM_URL: 'https://x', NOTIFY_WECOM_QUIET: '25:00-07:00' })).toThrow(/HH:MM-HH:MM/);
    expect(() => loadNotifyConfig({ NOTIFY_ESCALATE_AFTER_DAYS: 'major=-1' })).toThrow(/NOTIFY_ESCALATE_AFTER_DAYS/);
  });

  it('keeps quiet hours in China time, across midnight', () => {
    const [channel] = loadNotifyConfig({ NOTIFY_WECOM_URL: 'https://x', NOTIFY_WECOM_QUIET: '22:00-07:30' }).channels;
    expect(inQuietHours(channel, Date.parse('2026-06-15T23:00:00+08:00'))).toBe(true);
    expect(inQuietHours(channel, Date.parse('2026-06-16T07:29:00+08:00'))).toBe(true);
    expect(inQuietHours(channel, Date.parse('2026-06-16T07:30:00+08:00'))).toBe(false);
    expect(inQuietHours(channel, Date.parse('2026-06-16T12:00:00+08:00'))).toBe(false);
  });

  it('starts the test clock at BATTLEMAP_NOW and lets it run', () => {
    const clock = clockFromEnv({ BATTLEMAP_NOW: '2030-01-01T00:00:00Z' });
    expect(Math.abs(clock() - Date.parse('2030-01-01T00:00:00Z'))).toBeLessThan(1000);
    expect(clockFromEnv({})).toBe(Date.now);
    expect(() => clockFromEnv({ BATTLEMAP_NOW: 'tomorrow' })).toThrow(/ISO 8601/);
  });
});
