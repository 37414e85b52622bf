import re, sys, html
text = open(sys.argv[1], encoding='utf-8', errors='replace').read().rstrip('\n').split('\n')
base16 = ['#1e1e1e','#cd3131','#0dbc79','#e5e510','#2472c8','#bc3fbc','#11a8cd','#e5e5e5',
          '#666666','#f14c4c','#23d18b','#f5f543','#3b8eea','#d670d6','#29b8db','#ffffff']
def c256(n):
    if n < 16: return base16[n]
    if n < 232:
        n -= 16; r, g, b = n // 36, (n // 6) % 6, n % 6
        v = lambda x: 0 if x == 0 else 55 + 40 * x
        return '#%02x%02x%02x' % (v(r), v(g), v(b))
    g = 8 + 10 * (n - 232); return '#%02x%02x%02x' % (g, g, g)
FG, BG = '#d4d4d4', '#1e1e1e'
cw, ch = 8.4, 17
rows = []
for line in text:
    fg, bg, bold, rev = FG, None, False, False
    cells = []
    for part in re.split(r'(\x1b\[[0-9;]*m)', line):
        m = re.match(r'\x1b\[([0-9;]*)m', part)
        if m:
            codes = [int(x) if x else 0 for x in m.group(1).split(';')] or [0]
            i = 0
            while i < len(codes):
                c = codes[i]
                if c == 0: fg, bg, bold, rev = FG, None, False, False
                elif c == 1: bold = True
                elif c == 7: rev = True
                elif c == 22: bold = False
                elif c == 27: rev = False
                elif 30 <= c <= 37: fg = base16[c - 30]
                elif 90 <= c <= 97: fg = base16[c - 90 + 8]
                elif c == 39: fg = FG
                elif 40 <= c <= 47: bg = base16[c - 40]
                elif 100 <= c <= 107: bg = base16[c - 100 + 8]
                elif c == 49: bg = None
                elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                    col = c256(codes[i + 2]); i += 2
                    if c == 38: fg = col
                    else: bg = col
                i += 1
            continue
        for chr_ in part:
            f, b = (bg or BG, fg) if rev else (fg, bg)
            cells.append((chr_, f, b, bold))
    rows.append(cells)
W = int(110 * cw) + 20; H = int(len(rows) * ch) + 20
out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d">' % (W, H),
       '<rect width="100%%" height="100%%" fill="%s"/>' % BG]
for y, cells in enumerate(rows):
    for x, (c, f, b, bold) in enumerate(cells):
        if b: out.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%d" fill="%s"/>' % (10 + x * cw, 10 + y * ch, cw + 0.5, ch, b))
    for x, (c, f, b, bold) in enumerate(cells):
        if c.strip():
            out.append('<text x="%.1f" y="%.1f" fill="%s" font-family="DejaVu Sans Mono" font-size="14"%s>%s</text>' % (
                10 + x * cw, 10 + y * ch + 13, f, ' font-weight="bold"' if bold else '', html.escape(c)))
out.append('</svg>')
open(sys.argv[2], 'w').write('\n'.join(out))
