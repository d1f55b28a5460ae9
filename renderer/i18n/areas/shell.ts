/** Strings where the areas meet: controls following the link quality, and the compact header. */
export const en = {
  'access.linkLost': 'The link to the equipment is lost ({reason}) — control is released; take it again once the link is back.',
  'access.linkUnsafe': 'Motion is disabled: {reason}.',
  'access.noteDegraded': 'Link degraded ({reason}): motion allowed within the current jog speed limit.',
  'hdr.audit': 'Audit',
  'hdr.stopKey': 'Ctrl + .',
  'hdr.ms': '{ms} ms',
  'hdr.noFigures': '…',
  'hdr.more': '+{count} more, all good',
  'hdr.moreNotGood': '+{count} more, {notGood} not good',
  'hdr.console': 'Console {ms} ms',
  'hdr.consoleSlow': 'Console {ms} ms, frame {age} ms old',
  'hdr.consoleStalled': 'Console: no new frame, newest {age} ms old',
  'hdr.linkSilent': 'no word {s} s',
  'hdr.linkNoEngine': 'not known',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'access.linkLost': '与设备的链路已中断（{reason}）— 控制权已释放；链路恢复后请重新获取控制权。',
  'access.linkUnsafe': '运动已禁用：{reason}。',
  'access.noteDegraded': '链路降级（{reason}）：允许运动，点动速度以当前限速为准。',
  'hdr.audit': '审计',
  'hdr.stopKey': 'Ctrl + .',
  'hdr.ms': '{ms} ms',
  'hdr.noFigures': '…',
  'hdr.more': '另 {count} 台，均正常',
  'hdr.moreNotGood': '另 {count} 台，{notGood} 台异常',
  'hdr.console': '控制台 {ms} ms',
  'hdr.consoleSlow': '控制台 {ms} ms，画面 {age} ms 前',
  'hdr.consoleStalled': '控制台：无新画面，最新一帧 {age} ms 前',
  'hdr.linkSilent': '{s} 秒无更新',
  'hdr.linkNoEngine': '未知',
};
