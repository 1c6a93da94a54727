# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Strict offline emulator of the Baidu AI Cloud (BCE) VPC route API, for tests and demos only."""
