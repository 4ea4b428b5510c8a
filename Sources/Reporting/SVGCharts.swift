import Foundation

/// Small SVG charts for `report.html`, drawn on the server so they need no script, print well,
/// and stay readable in forced-colours mode (every value is also written as text).
enum SVGCharts {
    /// One bar of the ranking chart.
    struct Bar {
        var label: String
        var value: Double
        var low: Double?
        var high: Double?
        var valueText: String
        var color: String
        var codeID: String
    }

    /// Horizontal bars with optional interval whiskers, labels left, values right.
    static func ranking(_ bars: [Bar], maxValue: Double, title: String, caption: String, id: String) -> String {
        let rowHeight = 26.0, labelWidth = 260.0, plotWidth = 420.0, valueWidth = 150.0, top = 8.0
        let width = labelWidth + plotWidth + valueWidth, height = top * 2 + rowHeight * Double(bars.count) + 20
        let scale = maxValue > 0 ? plotWidth / maxValue : 0
        var s = "<svg class=\"chart ranking\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\">"
        s += "<title id=\"\(id)-title\">\(HTML.escape(title))</title><desc id=\"\(id)-desc\">\(HTML.escape(caption))</desc>"
        for (i, bar) in bars.enumerated() {
            let y = top + Double(i) * rowHeight
            let w = max(0, bar.value * scale)
            s += "<g class=\"bar\" data-code=\"\(HTML.escape(bar.codeID))\">"
            s += "<text class=\"label\" x=\"\(f(labelWidth - 8))\" y=\"\(f(y + 17))\" text-anchor=\"end\">\(HTML.escape(bar.label))</text>"
            s += "<rect x=\"\(f(labelWidth))\" y=\"\(f(y + 5))\" width=\"\(f(w))\" height=\"16\" fill=\"\(HTML.escape(bar.color))\" class=\"fill\"><title>\(HTML.escape(bar.label)): \(HTML.escape(bar.valueText))</title></rect>"
            if let low = bar.low, let high = bar.high {
                let x1 = labelWidth + low * scale, x2 = labelWidth + high * scale, cy = y + 13
                s += "<path class=\"interval\" d=\"M\(f(x1)) \(f(cy))H\(f(x2))M\(f(x1)) \(f(cy - 6))V\(f(cy + 6))M\(f(x2)) \(f(cy - 6))V\(f(cy + 6))\"/>"
            }
            s += "<text class=\"value\" x=\"\(f(labelWidth + plotWidth + 8))\" y=\"\(f(y + 17))\">\(HTML.escape(bar.valueText))</text></g>"
        }
        let axisY = top + rowHeight * Double(bars.count) + 4
        s += "<path class=\"axis\" d=\"M\(f(labelWidth)) \(f(axisY))H\(f(labelWidth + plotWidth))\"/>"
        s += "</svg>"
        return s
    }

    /// One stacked bar: labelled parts that add up to a total.
    struct Stack {
        var label: String
        var parts: [(key: String, label: String, value: Double)]
        var totalText: String
    }

    /// Horizontal stacked bars (the make-up of the priority index), with a legend; every part has a
    /// tooltip and a pattern class so the parts stay apart without colour.
    static func stacked(_ stacks: [Stack], keys: [(key: String, label: String)], maxValue: Double, title: String, caption: String) -> String {
        let rowHeight = 26.0, labelWidth = 260.0, plotWidth = 420.0, valueWidth = 70.0, legendHeight = 24.0 * Double((keys.count + 2) / 3) + 8
        let width = labelWidth + plotWidth + valueWidth, height = legendHeight + rowHeight * Double(stacks.count) + 12
        let scale = maxValue > 0 ? plotWidth / maxValue : 0
        var s = "<svg class=\"chart stacked\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"stacked-title stacked-desc\" xmlns=\"http://www.w3.org/2000/svg\">"
        s += "<title id=\"stacked-title\">\(HTML.escape(title))</title><desc id=\"stacked-desc\">\(HTML.escape(caption))</desc>"
        for (i, k) in keys.enumerated() {
            let x = labelWidth + Double(i % 3) * 150, y = 8 + Double(i / 3) * 24
            s += "<rect class=\"part p\(i)\" x=\"\(f(x))\" y=\"\(f(y))\" width=\"14\" height=\"14\"/><text x=\"\(f(x + 20))\" y=\"\(f(y + 12))\">\(HTML.escape(k.label))</text>"
        }
        for (r, stack) in stacks.enumerated() {
            let y = legendHeight + Double(r) * rowHeight
            s += "<text class=\"label\" x=\"\(f(labelWidth - 8))\" y=\"\(f(y + 17))\" text-anchor=\"end\">\(HTML.escape(stack.label))</text>"
            var x = labelWidth
            for part in stack.parts where part.value > 0 {
                let i = keys.firstIndex { $0.key == part.key } ?? 0
                let w = part.value * scale
                s += "<rect class=\"part p\(i)\" x=\"\(f(x))\" y=\"\(f(y + 5))\" width=\"\(f(w))\" height=\"16\"><title>\(HTML.escape(stack.label)) – \(HTML.escape(part.label)): \(Format.decimal(part.value, digits: 1)) Punkte</title></rect>"
                x += w
            }
            s += "<text class=\"value\" x=\"\(f(x + 6))\" y=\"\(f(y + 17))\">\(HTML.escape(stack.totalText))</text>"
        }
        s += "</svg>"
        return s
    }

    /// A matrix of cells shaded by `value` (0...1) with the `text` written in each cell.
    struct Cell {
        var value: Double
        var text: String
        var tooltip: String
        var attributes: [(String, String)]
    }

    static func heatmap(rows: [String], columns: [String], cells: [[Cell?]], title: String, caption: String, id: String,
                        cellWidth: Double = 64, cellHeight: Double = 30) -> String {
        let cellW = cellWidth, cellH = cellHeight, labelWidth = 250.0, headerHeight = 150.0
        let width = labelWidth + cellW * Double(columns.count) + 130, height = headerHeight + cellH * Double(rows.count) + 10
        var s = "<svg class=\"chart heatmap\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\">"
        s += "<title id=\"\(id)-title\">\(HTML.escape(title))</title><desc id=\"\(id)-desc\">\(HTML.escape(caption))</desc>"
        for (c, column) in columns.enumerated() {
            let x = labelWidth + cellW * (Double(c) + 0.5)
            s += "<text class=\"col\" transform=\"translate(\(f(x + 4)) \(f(headerHeight - 6))) rotate(-45)\">\(HTML.escape(column))</text>"
        }
        for (r, row) in rows.enumerated() {
            let y = headerHeight + cellH * Double(r)
            s += "<text class=\"row\" x=\"\(f(labelWidth - 8))\" y=\"\(f(y + cellH / 2 + 5))\" text-anchor=\"end\">\(HTML.escape(row))</text>"
            for c in columns.indices {
                guard let cell = cells[r][c] else { continue }
                let x = labelWidth + cellW * Double(c)
                let v = min(max(cell.value, 0), 1)
                let attributes = cell.attributes.map { " \($0.0)=\"\(HTML.escape($0.1))\"" }.joined()
                s += "<g class=\"cell\"\(attributes)><rect x=\"\(f(x + 1))\" y=\"\(f(y + 1))\" width=\"\(f(cellW - 2))\" height=\"\(f(cellH - 2))\" style=\"fill-opacity:\(f(0.08 + 0.92 * v))\"><title>\(HTML.escape(cell.tooltip))</title></rect>"
                s += "<text x=\"\(f(x + cellW / 2))\" y=\"\(f(y + cellH / 2 + 5))\" text-anchor=\"middle\" class=\"\(v > 0.55 ? "dark" : "light")\">\(HTML.escape(cell.text))</text></g>"
            }
        }
        s += "</svg>"
        return s
    }

    /// Fixed two-decimal coordinates keep the file byte-identical across runs.
    static func f(_ x: Double) -> String { String(format: "%.1f", x) }
}
