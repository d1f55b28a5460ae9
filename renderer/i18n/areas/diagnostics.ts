/** Catalog area: the diagnostics page's engine figures (history keeping up, polling keeping its period). */

export const en = {
  'diagnostics.history': 'History',
  'diagnostics.historyWritten': 'Values stored since the engine started',
  'diagnostics.historyDropped': 'Values not stored (history fell behind)',
  'diagnostics.historyBuffered': 'Waiting to be stored',
  'diagnostics.historySize': 'On disk',
  'diagnostics.historySizeValue': '{mb} MB',
  'diagnostics.historyFailing': 'History cannot write: {reason}',
  'diagnostics.scan': 'Polling',
  'diagnostics.scanClass': 'Scan class',
  'diagnostics.scanPeriod': 'Period',
  'diagnostics.scanPeriodValue': '{ms} ms',
  'diagnostics.scanRequests': 'Requests per cycle',
  'diagnostics.scanCycles': 'Cycles run',
  'diagnostics.scanSkipped': 'Cycles skipped',
  'diagnostics.scanHelp': 'A cycle is skipped when the previous one is still waiting for the device: the link or the device is too slow for the period, and values are older than it.',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'diagnostics.history': '历史记录',
  'diagnostics.historyWritten': '引擎启动以来已存储的数值',
  'diagnostics.historyDropped': '未存储的数值（历史记录跟不上）',
  'diagnostics.historyBuffered': '等待存储',
  'diagnostics.historySize': '磁盘占用',
  'diagnostics.historySizeValue': '{mb} MB',
  'diagnostics.historyFailing': '历史记录无法写入：{reason}',
  'diagnostics.scan': '轮询',
  'diagnostics.scanClass': '扫描等级',
  'diagnostics.scanPeriod': '周期',
  'diagnostics.scanPeriodValue': '{ms} 毫秒',
  'diagnostics.scanRequests': '每周期请求数',
  'diagnostics.scanCycles': '已运行周期',
  'diagnostics.scanSkipped': '跳过的周期',
  'diagnostics.scanHelp': '上一周期仍在等待设备应答时，本周期会被跳过：链路或设备跟不上该周期，数值比周期更旧。',
};
